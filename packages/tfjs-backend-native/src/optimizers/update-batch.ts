// One native call per optimizer step: the parameters' updates are queued and then run by
// the addon together, in one parallel region, instead of one call and one thread-pool
// dispatch per parameter (most of which are biases, too small to be worth either).
// The queue keeps the per-parameter semantics: an update that reads or writes a buffer an
// earlier queued update writes (a parameter listed twice, a gradient that is a parameter)
// first runs the queued ones, so it sees their results exactly as it did one call at a time.
import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { commit, currentValues, updateTarget, type UpdateTarget } from './in-place.js';

/** The arrays of one native call: in each list, one array per queued parameter. */
export interface UpdateLists {
  /** values[s][j]: the current values of state s (0 the parameter, then its slots) of parameter j. */
  values: Float32Array[][];
  gradients: Float32Array[];
  /** outs[s][j]: the array receiving the new values of state s of parameter j. */
  outs: Float32Array[][];
}

interface Queued {
  gradient: Float32Array;
  values: Float32Array[];
  targets: UpdateTarget[];
}

export class UpdateBatch {
  private readonly queued: Queued[] = [];
  /** dataIds the queued updates write (their states) and read (their gradients). */
  private readonly written = new Set<object>();
  private readonly read = new Set<object>();

  constructor(
    private readonly backend: MathBackendCPU,
    private readonly run: (lists: UpdateLists) => void,
  ) {}

  /** Queues the update of states[0] (a parameter) and states[1..] (its slots) by gradient. */
  add(gradient: tf.Tensor, states: tf.Variable[]): void {
    const conflict =
      this.written.has(gradient.dataId) || states.some((s) => this.written.has(s.dataId) || this.read.has(s.dataId));
    if (conflict) this.flush();
    states.forEach((s) => this.written.add(s.dataId));
    this.read.add(gradient.dataId);
    this.queued.push({
      gradient: currentValues(this.backend, gradient),
      values: states.map((s) => currentValues(this.backend, s)),
      targets: states.map((s) => updateTarget(this.backend, s)),
    });
  }

  /** Runs the queued updates in one native call and makes their results visible. */
  flush(): void {
    if (this.queued.length === 0) return;
    const states = this.queued[0].values.map((_, s) => s);
    this.run({
      values: states.map((s) => this.queued.map((q) => q.values[s])),
      gradients: this.queued.map((q) => q.gradient),
      outs: states.map((s) => this.queued.map((q) => q.targets[s].out)),
    });
    this.queued.forEach((q) => q.targets.forEach((t) => commit(this.backend, t)));
    this.queued.length = 0;
    this.written.clear();
    this.read.clear();
  }
}
