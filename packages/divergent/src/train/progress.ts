// The progress display of a training run: on a terminal, one cli-progress bar over the whole
// run with its ETA and the epoch's running metrics; elsewhere (logs, CI, tests) one plain
// line per finished epoch, so that redirected output stays readable.
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** Total steps of the run (all epochs). */
  totalSteps: number;
  /** Steps already done (a resumed run). */
  startStep: number;
  epochs: number;
  /** Wall-clock budget in seconds, when the run is bounded by time: the ETA never exceeds it. */
  maxSeconds?: number;
  stream?: NodeJS.WriteStream;
}

function formatMetric(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
}

export function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${formatMetric(v)}`)
    .join('  ');
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

/**
 * Least milliseconds between two bar updates. Steps take milliseconds, and formatting the
 * running metrics and the ETA on every one would cost about 1% of training for a bar that
 * cli-progress redraws ten times a second anyway.
 */
const UPDATE_MS = 100;

export class TrainingProgress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly started = Date.now();
  private readonly stream: NodeJS.WriteStream;
  private lastUpdate = -Infinity;

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.bar = this.stream.isTTY
      ? new cliProgress.SingleBar(
          {
            format: 'epoch {epochText} |{bar}| {percentage}% | ETA {etaText} | {metrics}',
            stream: this.stream,
            hideCursor: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    this.bar?.start(opts.totalSteps, opts.startStep, { epochText: '', etaText: '?', metrics: '' });
  }

  private eta(step: number): number {
    const done = step - this.opts.startStep;
    const elapsed = (Date.now() - this.started) / 1000;
    const bySteps = done > 0 ? (elapsed / done) * (this.opts.totalSteps - step) : Infinity;
    return this.opts.maxSeconds == null ? bySteps : Math.min(bySteps, Math.max(0, this.opts.maxSeconds - elapsed));
  }

  /** Whether update is worth calling after this global step: there is a bar, and it is due (or the run's last step). */
  due(step: number): boolean {
    return this.bar != null && (step === this.opts.totalSteps || Date.now() - this.lastUpdate >= UPDATE_MS);
  }

  /** After a step (each step, or those `due` lets through): the global step, the epoch, and the epoch's running metrics. */
  update(step: number, epoch: number, metrics: Record<string, number>): void {
    this.lastUpdate = Date.now();
    this.bar?.update(step, {
      epochText: `${epoch}/${this.opts.epochs}`,
      etaText: formatSeconds(this.eta(step)),
      metrics: formatMetrics(metrics),
    });
  }

  /** After each epoch: without a terminal, one line saying what the epoch achieved. */
  epochDone(epoch: number, seconds: number, metrics: Record<string, number>): void {
    if (this.bar == null) this.stream.write(`epoch ${epoch}/${this.opts.epochs} (${seconds.toFixed(1)} s)  ${formatMetrics(metrics)}\n`);
  }

  stop(): void {
    this.bar?.stop();
  }
}
