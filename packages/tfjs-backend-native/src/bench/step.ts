// `npm run bench`: ms per training step on the 'native' backend beside PyTorch measured in
// the same run (the two sides take turns over three rounds; each reports its median round),
// plus single-thread GEMM and FMA-peak GFLOP/s. Prints one JSON object.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { addon } from '../addon.js';
import { BACKEND_NAME, nativeLoadError } from '../index.js';
import { dcganStep, msPerStep, vaeStep } from './nets.js';

type Timings = Record<string, number>;

const KEYS = ['vae_784_400_20_relu_b128_ms', 'vae_784_200_200_50_tanh_b100_ms', 'dcgan_28x28_b64_ms'] as const;

// dist/bench/step.js -> the repository root is four levels up; the reference sits beside it.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const torchScript = fileURLToPath(new URL('../shared/bench/torch_vae_step.py', `file://${repoRoot}`));

function torchTimings(threads: number): Timings | null {
  try {
    const out = execFileSync('/usr/bin/python3', [torchScript, String(threads)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return JSON.parse(out.trim().split('\n').pop() ?? '') as Timings;
  } catch {
    return null;
  }
}

/** For each key the faster of PyTorch on 1 and 2 threads; null when torch is unavailable. */
function torch(): Timings | null {
  if (!existsSync(torchScript)) return null;
  const runs = [torchTimings(1), torchTimings(2)].filter((r): r is Timings => r != null);
  if (runs.length === 0) return null;
  return Object.fromEntries(KEYS.map((k) => [k, Math.min(...runs.map((r) => r[k]))]));
}

/** Per key, the median over rounds (null when any round lacked the side). */
function medians(rounds: (Timings | null)[]): Timings | null {
  if (rounds.some((r) => r == null)) return null;
  return Object.fromEntries(KEYS.map((k) => {
    const v = rounds.map((r) => r![k]).sort((a, b) => a - b);
    return [k, v[Math.floor(v.length / 2)]];
  }));
}

// The host's speed drifts by tens of percent over minutes, so the two sides take turns,
// round by round, and each reports its median round.
const ROUNDS = 3;

async function main(): Promise<void> {
  if (addon == null || !(await tf.setBackend(BACKEND_NAME))) {
    throw new Error(`the native backend is unavailable: ${nativeLoadError()}`);
  }
  const steps = [vaeStep([784, 400], 20, 'relu', 128, 1), vaeStep([784, 200, 200], 50, 'tanh', 100, 2), dcganStep(64, 3)];
  const ours: Timings[] = [];
  const theirs: (Timings | null)[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ours.push({ [KEYS[0]]: msPerStep(steps[0], 50), [KEYS[1]]: msPerStep(steps[1], 50), [KEYS[2]]: msPerStep(steps[2], 10) });
    theirs.push(torch());
  }
  const gemm = addon.gemmGflops(128, 400, 784, 200);
  const peak = addon.fmaPeakGflops();
  console.log(JSON.stringify({
    native: medians(ours),
    torch: medians(theirs),
    gemm_gflops: Math.round(gemm * 10) / 10,
    peak_gflops: Math.round(peak * 10) / 10,
    threads: addon.numThreads(),
    isa: addon.isa(),
  }));
}

await main();
