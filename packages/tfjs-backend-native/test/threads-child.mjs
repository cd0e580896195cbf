// Child process of float64.test.ts: prints the results of threaded reductions (float64
// measures, float32 sum, per-row fused loss, normal draws) as exact bit patterns, with the thread count
// DIVERGENT_NUM_THREADS gave the addon.
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)('../build/Release/divergent_native.node');
const n = 3_000_017;
const a = new Float64Array(n);
const b = new Float64Array(n);
for (let i = 0; i < n; i++) {
  a[i] = ((i * 7919) % 10007) / 10007;
  b[i] = ((i * 104729) % 10009 + 1) / 10009;
}
const x = Float32Array.from(a.subarray(0, 2_000_000), (v) => v - 0.5);
const t = Float32Array.from(b.subarray(0, 2_000_000));
const sum = new Float32Array(1);
addon.reduce(0, x, 1, x.length, 1, sum);
const columns = new Float32Array(1000);
addon.reduce(0, x, 1, 2000, 1000, columns);
const rows = new Float32Array(2000);
addon.bceWithLogits(x, t, rows, 1000);
const normals = new Float32Array(100_001);
addon.standardNormal(normals, 1, 2);
const hex = (r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength).toString('hex');
const results = [addon.f64Stats(0, a, null), addon.f64Stats(1, a, b), addon.f64Stats(2, a, b), sum, columns, rows, normals].map(hex);
console.log(JSON.stringify({ threads: addon.numThreads(), results }));
