// The addon's element-wise, reduction, fused-loss, optimizer and float64 entry points
// (csrc/elementwise_napi.cc and its siblings). TypeScript checks shapes and dtypes before
// calling; the addon checks lengths again and throws a JS error rather than crash.
import { addon } from '../addon.js';

export interface ElementwiseAddon {
  /** out[i] = op(x[i]); alpha/beta are LeakyRelu's alpha, Step's alpha, Clip's bounds. */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number, beta: number): void;
  /** out = op(a, b) with numpy broadcasting; out is a Uint8Array for comparisons. */
  binary(op: number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array | Uint8Array): void;
  /** out[i] = condition[floor(i / inner)] ? t[i] : e[i]. */
  select(condition: Uint8Array, t: Float32Array, e: Float32Array, out: Float32Array, inner: number): void;
  addN(inputs: Float32Array[], out: Float32Array): void;
  /** x viewed as [outer, r, inner] reduced over r; out is an Int32Array for the arg ops. */
  reduce(op: number, x: Float32Array, outer: number, r: number, inner: number, out: Float32Array | Int32Array): void;
  softmax(x: Float32Array, out: Float32Array, rowLength: number): void;
  bceWithLogits(logits: Float32Array, targets: Float32Array, out: Float32Array, rowLength: number): void;
  bceWithLogitsGrad(logits: Float32Array, targets: Float32Array, g: Float32Array, dLogits: Float32Array, dTargets: Float32Array, rowLength: number): void;
  gaussianKl(mu: Float32Array, logvar: Float32Array, out: Float32Array, rowLength: number): void;
  gaussianKlGrad(mu: Float32Array, logvar: Float32Array, g: Float32Array, dMu: Float32Array, dLogvar: Float32Array, rowLength: number): void;
  /** z = mu + eps·exp(logvar/2), eps holding whole copies of mu's entries. */
  reparameterize(mu: Float32Array, logvar: Float32Array, eps: Float32Array, z: Float32Array): void;
  reparameterizeGrad(logvar: Float32Array, eps: Float32Array, dz: Float32Array, dMu: Float32Array, dLogvar: Float32Array, dEps: Float32Array): void;
  /** [value, sumA, minA, sumB, minB] of term 0 = xlogx, 1 = relEntr, 2 = jsTerms. */
  f64Stats(term: number, a: Float64Array, b: Float64Array | null): Float64Array;
  /**
   * One Adam step of every parameter: each list holds one array per parameter; k = [beta1,
   * 1-beta1, beta2, 1-beta2, 1-beta1^t, 1-beta2^t, epsilon, -lr] (float32).
   */
  adam(p: Float32Array[], g: Float32Array[], m: Float32Array[], v: Float32Array[], pOut: Float32Array[], mOut: Float32Array[], vOut: Float32Array[], k: Float32Array): void;
  /** One momentum step of every parameter: each list holds one array per parameter. */
  momentum(p: Float32Array[], g: Float32Array[], acc: Float32Array[], pOut: Float32Array[], accOut: Float32Array[], momentum: number, negLr: number, nesterov: boolean): void;
}

/** The element-wise entry points, or null when the addon did not load (or is a stale build without them). */
export const ewAddon: ElementwiseAddon | null =
  addon != null && typeof (addon as unknown as Partial<ElementwiseAddon>).f64Stats === 'function'
    ? (addon as unknown as ElementwiseAddon)
    : null;

/** The element-wise entry points; only called by kernels registered when the addon loaded. */
export function requireEwAddon(): ElementwiseAddon {
  if (ewAddon == null) throw new Error('@divergent/tfjs-backend-native: the C++ addon is not loaded');
  return ewAddon;
}
