// Training curves from metrics.jsonl: which numbers go together on one chart, with what
// titles. VAE logs one line per epoch, GANs one per logging step; any numeric field not
// named here still gets a chart of its own, so nothing a run logs goes unseen.
import type { ChartSpec } from './chart.js';

export type MetricsRow = Record<string, unknown>;

interface CurveGroup {
  name: string;
  title: string;
  yTitle: string;
  fields: string[];
}

const GROUPS: CurveGroup[] = [
  { name: 'elbo', title: 'ELBO per example (higher is better)', yTitle: 'nats', fields: ['elbo', 'test_elbo'] },
  { name: 'loss', title: 'Objective minimised per example', yTitle: 'nats', fields: ['loss'] },
  { name: 'kl', title: 'KL(q(z|x) ‖ p(z)) per example', yTitle: 'nats', fields: ['kl'] },
  { name: 'gan-losses', title: 'Discriminator and generator losses', yTitle: 'loss', fields: ['d_loss', 'g_loss'] },
  { name: 'divergence', title: 'Divergence estimated by the discriminator', yTitle: 'estimate', fields: ['divergence_estimate'] },
  { name: 'd-outputs', title: 'Mean discriminator output', yTitle: 'output', fields: ['d_real', 'd_fake'] },
  { name: 'modes', title: 'Modes covered', yTitle: 'modes', fields: ['modes_covered'] },
  { name: 'hq', title: 'High-quality samples', yTitle: 'fraction', fields: ['hq_fraction'] },
  { name: 'seconds', title: 'Wall seconds per epoch', yTitle: 'seconds', fields: ['seconds', 'eval_seconds'] },
];

/** The x axis of a log: 'epoch' for VAE runs, 'step' for GAN runs. */
export function xField(rows: MetricsRow[]): 'epoch' | 'step' {
  return rows.some((r) => typeof r.epoch === 'number') ? 'epoch' : 'step';
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One line chart per group of fields present in the rows. */
export function curveCharts(rows: MetricsRow[], width = 360, height = 200): { name: string; spec: ChartSpec }[] {
  const x = xField(rows);
  const present = new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== x && isNumber(r[k]))));
  const known = new Set(GROUPS.flatMap((g) => g.fields));
  const groups = [
    ...GROUPS.map((g) => ({ ...g, fields: g.fields.filter((f) => present.has(f)) })),
    ...[...present].filter((f) => !known.has(f)).map((f) => ({ name: f, title: f, yTitle: f, fields: [f] })),
  ].filter((g) => g.fields.length > 0);
  return groups.map((g) => ({ name: g.name, spec: lineChart(rows, x, g, width, height) }));
}

function lineChart(rows: MetricsRow[], x: string, group: CurveGroup, width: number, height: number): ChartSpec {
  const values = rows.flatMap((r) =>
    group.fields.filter((f) => isNumber(r[f]) && isNumber(r[x])).map((f) => ({ [x]: r[x], series: f, value: r[f] })),
  );
  return {
    title: group.title,
    width,
    height,
    data: { values },
    // Points make short runs (a few epochs) readable; long logs are lines only.
    mark: { type: 'line', point: rows.length <= 60, strokeWidth: 1.5 },
    encoding: {
      // Epochs are whole numbers: no 1.5 ticks.
      x: { field: x, type: 'quantitative', title: x, axis: x === 'epoch' ? { tickMinStep: 1, format: 'd' } : {} },
      y: { field: 'value', type: 'quantitative', title: group.yTitle, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: group.fields.length > 1 ? { orient: 'bottom' } : null },
    },
  } as ChartSpec;
}

/** Every curve chart of a log in one figure, two to a row. */
export function curvesFigure(rows: MetricsRow[]): ChartSpec {
  const charts = curveCharts(rows).map((c) => c.spec);
  return { concat: charts, columns: 2, resolve: { scale: { color: 'independent' } } } as ChartSpec;
}
