import { describe, expect, it } from 'vitest';
import { activeStabilisers, resolveGanConfig } from './gan-config.js';

describe('GAN configuration', () => {
  it('fills the shipped toy defaults, with the schedules pinned to the run length', () => {
    const c = resolveGanConfig({ dataset: 'ring8' });
    expect(c).toMatchObject({ loss: 'non-saturating', divergence: null, steps: 10000, batch: 256, lr: 1e-3, lrD: 1e-3, lrDecaySteps: 10000, instanceNoiseSteps: 10000, latentDim: 2, gHidden: [128, 128], dHidden: [128, 128], pack: 1, r1: 0, spectralNorm: false, instanceNoise: 0, seed: 0 });
    expect(activeStabilisers(c)).toEqual([]);
  });

  it('--lr sets both rates unless --lr-d is given; f defaults to js', () => {
    expect(resolveGanConfig({ dataset: 'ring8', lr: 3e-4 })).toMatchObject({ lr: 3e-4, lrD: 3e-4 });
    expect(resolveGanConfig({ dataset: 'ring8', lr: 3e-4, lrD: 1e-4 })).toMatchObject({ lr: 3e-4, lrD: 1e-4 });
    expect(resolveGanConfig({ dataset: 'mnist', loss: 'f' })).toMatchObject({ divergence: 'js', batch: 64, latentDim: 64, steps: 10000, lr: 5e-4, spectralNorm: true });
    expect(resolveGanConfig({ dataset: 'mnist', arch: 'conv' })).toMatchObject({ spectralNorm: false });
  });

  it('refuses inconsistent options with the option named', () => {
    expect(() => resolveGanConfig({ dataset: 'ring8', pack: 3 })).toThrow('--pack: the batch (256) must be a multiple of the pack size (3)');
    expect(() => resolveGanConfig({ dataset: 'ring8', steps: 1234 })).toThrow('--steps: 1234 is not a multiple of --log-every (500)');
    expect(() => resolveGanConfig({ dataset: 'ring8', divergence: 'kl' })).toThrow('--divergence: only applies to --loss f (got --loss non-saturating)');
    expect(() => resolveGanConfig({ dataset: 'ring8', arch: 'conv' })).toThrow('--arch: conv nets are for images (--dataset mnist), not ring8');
    expect(() => resolveGanConfig({ dataset: 'ring8', r1: -1 })).toThrow('--r1: expected a finite number >= 0, got -1');
  });
});
