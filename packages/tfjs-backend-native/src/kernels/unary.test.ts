import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectEntrywiseSameAsCpu, SPECIAL_VALUES } from '../../test/elementwise-oracle.js';
import { randomInput, runOn, type Input } from '../../test/oracle.js';
import { requireEwAddon } from './elementwise-addon.js';

type Op = (x: tf.Tensor) => tf.Tensor;

const OPS: [string, Op][] = [
  ['exp', tf.exp], ['log', tf.log], ['log1p', tf.log1p], ['expm1', tf.expm1], ['neg', tf.neg], ['abs', tf.abs],
  ['sqrt', tf.sqrt], ['rsqrt', tf.rsqrt], ['square', tf.square], ['reciprocal', tf.reciprocal], ['relu', tf.relu],
  ['relu6', tf.relu6], ['leakyRelu', (x) => tf.leakyRelu(x, 0.15)], ['elu', tf.elu], ['selu', tf.selu],
  ['sigmoid', tf.sigmoid], ['softplus', tf.softplus], ['tanh', tf.tanh], ['step', (x) => tf.step(x, 0.25)],
  ['sign', tf.sign], ['clipByValue', (x) => tf.clipByValue(x, -0.75, 2.5)],
];

// Ops defined only for positive inputs get |x| + a small offset in gradient tests.
const POSITIVE_DOMAIN = new Set(['log', 'sqrt', 'rsqrt', 'log1p', 'reciprocal']);

describe('native unary kernels', () => {
  it('match cpu on random shapes (size-0 and size-1 dims included) and wide ranges', async () => {
    const shapes = [[0], [1], [3, 0, 2], [1, 1], [7], [5, 13], [2, 3, 4], [40_003]];
    for (const [name, op] of OPS) {
      for (let s = 0; s < shapes.length; s++) {
        const range = s % 2 === 0 ? 5 : 60;
        await expectEntrywiseSameAsCpu([randomInput(shapes[s], 31 * s + name.length, -range, range)], op);
      }
    }
  });

  it('match cpu on NaN, ±Inf, ±0, subnormal and overflowing inputs', async () => {
    const x: Input = { shape: [SPECIAL_VALUES.length], values: Float32Array.from(SPECIAL_VALUES) };
    for (const [name, op] of OPS) {
      // float32 rounding of Math.exp/Math.tanh in the reference vs the native polynomials:
      // a few ulp; subnormal results carry fewer bits, hence the absolute term. The
      // reference's elu/selu compute exp(x) - 1 and return 0 at x = -1e-30 where the native
      // expm1 returns -1e-30, so those two get an absolute slack.
      const atol = name === 'elu' || name === 'selu' ? 1e-20 : 1e-44;
      const [native] = await expectEntrywiseSameAsCpu([x], op, 3e-6, atol);
      expect(native.values.length, name).toBe(SPECIAL_VALUES.length);
    }
  });

  it('give the same gradients as cpu through tf.grad', async () => {
    for (const [name, op] of OPS) {
      const input = randomInput([4, 9], name.length * 7, -3, 3);
      if (POSITIVE_DOMAIN.has(name)) input.values = input.values.map((v) => Math.abs(v) + 0.1);
      await expectEntrywiseSameAsCpu([input], (x) => tf.grad((t: tf.Tensor) => op(t).mul(tf.range(1, 37).reshape([4, 9])).sum())(x), 5e-6, 1e-6);
    }
  });

  it('leave int32 tensors on the reference kernels', async () => {
    const x: Input = { shape: [5], values: Int32Array.from([-3, -1, 0, 2, 7]), dtype: 'int32' };
    const [abs] = await runOn('native', [x], (t) => tf.abs(t));
    expect(Array.from(abs.values)).toEqual([3, 1, 0, 2, 7]);
    const [sq] = await runOn('native', [x], (t) => tf.square(t));
    expect(Array.from(sq.values)).toEqual([9, 1, 0, 4, 49]);
  });

  it('read float32 tensors cast from int32 and bool correctly', async () => {
    const x: Input = { shape: [4], values: Int32Array.from([1, 2, 3, 4]), dtype: 'int32' };
    const [out] = await runOn('native', [x], (t) => tf.log(tf.cast(t, 'float32')));
    expect(Array.from(out.values)).toEqual(Array.from(Float32Array.from([0, Math.log(2), Math.log(3), Math.log(4)])));
    const [ones] = await runOn('native', [x], (t) => tf.exp(tf.cast(tf.greater(t, 2), 'float32')));
    expect(Array.from(ones.values)).toEqual(Array.from(Float32Array.from([1, 1, Math.E, Math.E])));
  });

  it('throw JS errors, never crash, when the addon gets inconsistent lengths or types', () => {
    const native = requireEwAddon();
    expect(() => native.unary(0, new Float32Array(3), new Float32Array(2), 0, 0)).toThrow(/same length/);
    expect(() => native.unary(99, new Float32Array(3), new Float32Array(3), 0, 0)).toThrow(/'op' must be an integer/);
    expect(() => native.binary(0, new Float32Array(6), [2, 3], new Float32Array(2), [2], new Float32Array(6))).toThrow(/broadcast/);
    expect(() => native.binary(0, new Float32Array(5), [2, 3], new Float32Array(3), [3], new Float32Array(6))).toThrow(/does not match its shape/);
    expect(() => native.reduce(0, new Float32Array(6), 2, 2, 2, new Float32Array(4))).toThrow(/do not match/);
    expect(() => native.softmax(new Float32Array(7), new Float32Array(7), 2)).toThrow(/multiple of the row length/);
    const f32 = (...lengths: number[]) => lengths.map((n) => new Float32Array(n));
    expect(() => native.adam(f32(3, 4), f32(2, 4), f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 4), new Float32Array(8)))
      .toThrow(/parameter 0: .*equally long/);
    expect(() => native.adam(f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 5), new Float32Array(8)))
      .toThrow(/parameter 1: .*equally long/);
    expect(() => native.adam(f32(3, 4), f32(3), f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 4), f32(3, 4), new Float32Array(8)))
      .toThrow(/one array per parameter/);
    expect(() => native.adam(f32(3), f32(3), f32(3), f32(3), f32(3), f32(3), f32(3), new Float32Array(7))).toThrow(/8 constants/);
    expect(() => native.momentum(new Float32Array(3) as unknown as Float32Array[], f32(3), f32(3), f32(3), f32(3), 0.9, -0.1, false))
      .toThrow(/array of Float32Arrays/);
    expect(() => native.momentum(f32(3), [new Float64Array(3) as unknown as Float32Array], f32(3), f32(3), f32(3), 0.9, -0.1, false))
      .toThrow(/'g\[0\]' must be a typed array/);
    expect(() => native.unary(0, new Float64Array(3) as unknown as Float32Array, new Float32Array(3), 0, 0)).toThrow(/typed array/);
  });

  it('are within 3 ulp of the exact value over dense sweeps of their domains', () => {
    const native = requireEwAddon();
    /** Distance from |v| to the next float32 up: one ulp at v. */
    const ulp = (v: number) => {
      const bits = new Int32Array(Float32Array.of(Math.abs(Math.fround(v))).buffer);
      bits[0] += 1;
      return new Float32Array(bits.buffer)[0] - Math.abs(Math.fround(v));
    };
    const sweeps: [number, string, (x: number) => number, number, number][] = [
      [0, 'exp', Math.exp, -87, 88], [1, 'log', Math.log, 1e-30, 1e30], [2, 'log1p', Math.log1p, -0.999, 1e6],
      [3, 'expm1', Math.expm1, -20, 80], [17, 'tanh', Math.tanh, -12, 12],
      [15, 'sigmoid', (x) => 1 / (1 + Math.exp(-x)), -80, 80], [16, 'softplus', (x) => Math.log1p(Math.exp(x)), -13, 13],
    ];
    const n = 200_000;
    for (const [op, name, exact, lo, hi] of sweeps) {
      // log is swept geometrically, the others linearly.
      const x = Float32Array.from({ length: n }, (_, i) =>
        name === 'log' ? lo * (hi / lo) ** (i / n) : lo + ((hi - lo) * i) / n);
      const y = new Float32Array(n);
      native.unary(op, x, y, 0, 0);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y[i] - exact(x[i])) / ulp(exact(x[i])));
      expect(worst, name).toBeLessThanOrEqual(3);
    }
  });
});
