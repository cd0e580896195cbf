// `npm run bench:info [n]`: entropy, KL and JS distance of two float64 distributions of n entries
// (default 10 million), ours beside scipy's in the same run. Ours is timed twice when the native
// backend provides float64 kernels: once with them and once in plain TypeScript. Prints one JSON
// object; each time is the median of 5 runs after a warm-up, as the scipy script does.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { entropy, jsDistance, klDivergence } from '../info/index.js';
import { nativeKernels, preferNativeKernels } from '../info/kernels.js';
import { Rng } from '../random.js';

interface Timings {
  entropy_s: number;
  kl_s: number;
  js_distance_s: number;
}

function median(f: () => unknown): number {
  f();
  const ts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    f();
    ts.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return Number(ts.sort((a, b) => a - b)[2].toFixed(5));
}

function randomDistribution(n: number, rng: Rng): Float64Array {
  const x = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] = rng.uniform();
  for (let i = 0; i < n; i++) x[i] /= s;
  return x;
}

function timeOurs(p: Float64Array, q: Float64Array): Timings {
  // JIT warm-up on a slice, as a long-running process would have it: a handful of calls on the
  // full arrays is not enough for V8 to compile the kernels at their entry rather than only
  // by on-stack replacement inside the loop.
  const m = Math.min(p.length, 100_000);
  const ps = p.slice(0, m);
  const qs = q.slice(0, m);
  for (let i = 0; i < 20; i++) {
    entropy(ps, { normalize: true });
    klDivergence(ps, qs, { normalize: true });
    jsDistance(ps, qs, { normalize: true });
  }
  return {
    entropy_s: median(() => entropy(p)),
    kl_s: median(() => klDivergence(p, q)),
    js_distance_s: median(() => jsDistance(p, q)),
  };
}

/** The scipy reference script sits in shared/ beside the repository. */
function scipyScript(): string {
  const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
  return join(repoRoot, '..', 'shared', 'bench', 'scipy_info.py');
}

function runScipy(n: number): { result: (Timings & Record<string, unknown>) | null; note: string | null } {
  const script = scipyScript();
  const python = '/usr/bin/python3';
  if (!existsSync(script)) return { result: null, note: `scipy reference omitted: ${script} not found` };
  if (!existsSync(python)) return { result: null, note: `scipy reference omitted: ${python} not found` };
  const r = spawnSync(python, [script, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
    return { result: null, note: `scipy reference omitted: ${python} ${script} failed (${why})` };
  }
  return { result: JSON.parse(r.stdout.trim().split('\n').pop() as string), note: null };
}

function speedups(ours: Timings, scipy: Timings): Record<string, number> {
  const ratio = (a: number, b: number) => Number((b / a).toFixed(2));
  return {
    entropy: ratio(ours.entropy_s, scipy.entropy_s),
    kl: ratio(ours.kl_s, scipy.kl_s),
    js_distance: ratio(ours.js_distance_s, scipy.js_distance_s),
  };
}

function main(): void {
  const n = process.argv[2] ? Number(process.argv[2]) : 10_000_000;
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench:info: n must be a positive integer, got ${process.argv[2]}`);
    process.exit(2);
  }
  const rng = new Rng(0);
  const p = randomDistribution(n, rng);
  const q = randomDistribution(n, rng);

  preferNativeKernels(false);
  const plain = timeOurs(p, q);
  let native: Timings | null = null;
  if (nativeKernels) {
    preferNativeKernels(true);
    native = timeOurs(p, q);
  }
  const scipy = runScipy(n);
  const s = scipy.result;
  console.log(
    JSON.stringify({
      bench: 'info',
      n,
      plain_ts: plain,
      native,
      scipy: s,
      speedup_vs_scipy: s ? { plain_ts: speedups(plain, s), native: native ? speedups(native, s) : null } : null,
      values: { entropy: entropy(p), kl: klDivergence(p, q), js_distance: jsDistance(p, q) },
      notes: [
        ...(native ? [] : ['native float64 kernels unavailable: only the plain TypeScript path was timed']),
        ...(scipy.note ? [scipy.note] : []),
        'ours and scipy draw different uniform random vectors of the same size, so their values differ slightly',
      ],
    }),
  );
}

main();
