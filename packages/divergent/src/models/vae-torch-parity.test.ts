import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Rng } from '../random.js';
import { makeAdam } from '../train/optimizer.js';
import { objectiveTerms } from './vae-objectives.js';
import { buildVae } from './vae-presets.js';

beforeAll(async () => {
  await initBackend();
});

// PyTorch 1.13 reference, computed from this test's own initial weights, batches and noise
// (dumped as JSON; the noise is the native backend's standardNormal for seeds 20 and 21)
// with the loss of torch_vae_protocol.py:
//   h = tanh(x W1 + b1); mu = h Wm + bm; logvar = h Wv + bv; z = mu + eps * exp(logvar / 2)
//   logits = tanh(z D1 + c1) D2 + c2
//   loss = (F.binary_cross_entropy_with_logits(logits, x, reduction='sum')
//           - 0.5 * sum(1 + logvar - mu^2 - exp(logvar))) / 3
//   torch.optim.Adam(params, lr=1e-3, eps=1e-4), two steps.
const TORCH_LOSSES = [4.362489700317383, 4.3473429679870605];
// Sum of each parameter after the two steps: encoder W1, b1, Wm, bm, Wv, bv, decoder D1, c1, D2, c2.
const TORCH_SUMS = [
  -0.3317546788020991, -1.4262744802981615, 0.659234244376421, -0.10040812194347382, 2.2585777938365936, 0.24336722493171692,
  1.0597412907518446, 0.06069745123386383, 0.7334619457833469, 0.6665812581777573,
];

describe('a VAE training step against PyTorch', () => {
  it('two Adam steps on the ELBO give PyTorch’s losses and parameters (same weights, batches and noise)', () => {
    const vae = buildVae({ arch: 'mlp', hidden: [5], filters: [], latent: 2, activation: 'tanh', decoder: 'bernoulli', init: 'torch-default' }, 6, null, new Rng(11));
    const optimizer = makeAdam({ lr: 1e-3, epsilon: 1e-4 });
    const r = new Rng(12);
    const spec = { kind: 'elbo', beta: 1, anneal: { kind: 'constant' }, freeBits: 0 } as const;
    const losses = [0, 1].map((s) => {
      const x = tf.tensor2d(Array.from({ length: 18 }, () => (r.uniform() < 0.4 ? 1 : 0)), [3, 6]);
      const loss = optimizer.minimize(() => objectiveTerms(vae.forward(x, { seed: 20 + s }), spec, { step: s + 1, totalSteps: 2 }).loss, true, vae.variables)!;
      const value = loss.dataSync()[0];
      tf.dispose([x, loss]);
      return value;
    });
    losses.forEach((l, i) => expect(l).toBeCloseTo(TORCH_LOSSES[i], 5));
    const sums = [...vae.encoder.getWeights(), ...vae.decoder.getWeights()].map((w) => Array.from(w.dataSync()).reduce((a, b) => a + b, 0));
    sums.forEach((s, i) => expect(s).toBeCloseTo(TORCH_SUMS[i], 5));
    optimizer.dispose();
    vae.dispose();
  });
});
