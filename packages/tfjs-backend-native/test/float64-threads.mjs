// Child process of float64.test.ts: prints the float64 kernels' results as exact bit
// patterns, with the thread count DIVERGENT_NUM_THREADS gave the addon.
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)('../build/Release/divergent_native.node');
const n = 3_000_017;
const a = new Float64Array(n);
const b = new Float64Array(n);
for (let i = 0; i < n; i++) {
  a[i] = ((i * 7919) % 10007) / 10007;
  b[i] = ((i * 104729) % 10009 + 1) / 10009;
}
const hex = (r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength).toString('hex');
const results = [addon.f64Stats(0, a, null), addon.f64Stats(1, a, b), addon.f64Stats(2, a, b)].map(hex);
console.log(JSON.stringify({ threads: addon.numThreads(), results }));
