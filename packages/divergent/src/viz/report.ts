// The HTML report of a run: its training curves (inline SVG), its pictures (embedded PNGs),
// its final numbers and its configuration, in one self-contained file that opens anywhere
// without a network. Rewritten from the run folder at any time, so it never goes stale.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../train/atomic.js';
import { readRunConfig } from '../train/config-file.js';
import { readMetrics } from '../train/metrics-log.js';
import { chartSvg, svgToPng } from './chart.js';
import { curvesFigure, xField, type MetricsRow } from './curves.js';
import { escapeMarkup as escapeHtml } from './escape.js';

export const REPORT_FILE = 'report.html';
export const CURVES_FILE = 'curves.png';
const MAX_RESULT_ENTRIES = 200;

/** What the pictures a run writes show, by file name; other PNGs are shown under their names. */
const CAPTIONS: Record<string, string> = {
  'samples.png': 'Samples',
  'reconstructions.png': 'Test images (left of each pair) and their reconstructions (right)',
  'latent-traversal.png': 'Latent traversal: each row moves one latent dimension, the others fixed',
  'latent-2d.png': 'Test set in the 2-D latent space, coloured by label',
};

/**
 * Writes runDir/report.html (and runDir/curves.png when the run has logged metrics) from
 * runDir/config.json, runDir/metrics.jsonl, the run's PNG files and any other JSON results
 * (such as evaluation numbers) in the folder. Returns the report's path.
 */
export async function writeReport(runDir: string): Promise<string> {
  const config = readRunConfig<Record<string, unknown>>(runDir);
  const rows = readMetrics(runDir) as MetricsRow[];
  const sections: string[] = [];

  if (rows.length > 0) {
    const svg = await chartSvg(curvesFigure(rows));
    writeFileAtomic(join(runDir, CURVES_FILE), svgToPng(svg));
    sections.push(section('Final numbers', finalTable(rows)));
    sections.push(section('Training curves', `<div class="chart">${svg}</div>`));
  } else {
    sections.push(section('Training curves', '<p>No metrics logged yet (metrics.jsonl is empty or missing).</p>'));
  }

  const files = readdirSync(runDir).sort();
  const pictures = files.filter((f) => f.endsWith('.png') && f !== CURVES_FILE && !f.startsWith('.'));
  if (pictures.length > 0) {
    const figures = pictures.map((f) => {
      const uri = `data:image/png;base64,${readFileSync(join(runDir, f)).toString('base64')}`;
      return `<figure><img src="${uri}" alt="${escapeHtml(f)}"><figcaption>${escapeHtml(CAPTIONS[f] ?? f)} <span class="file">(${escapeHtml(f)})</span></figcaption></figure>`;
    });
    sections.push(section('Pictures', figures.join('\n')));
  }

  for (const f of files.filter((name) => name.endsWith('.json') && name !== 'config.json' && !name.startsWith('.'))) {
    const value = readJson(join(runDir, f));
    const entries = value && typeof value === 'object' ? flatten(value) : [];
    // Small result files (evaluation numbers) are shown; large data dumps are not tables to read.
    if (entries.length > 0 && entries.length <= MAX_RESULT_ENTRIES) sections.push(section(`Results: ${f}`, keyValueTable(entries)));
  }
  sections.push(section('Configuration (config.json)', keyValueTable(flatten(config))));

  const title = `divergent run: ${basename(resolve(runDir))}`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Written ${new Date().toISOString()} from ${escapeHtml(resolve(runDir))}</p>
${sections.join('\n')}
</body>
</html>
`;
  const path = join(runDir, REPORT_FILE);
  writeFileAtomic(path, html);
  return path;
}

/** The last logged value of every numeric field, and the best test ELBO with its epoch. */
function finalTable(rows: MetricsRow[]): string {
  const x = xField(rows);
  const last = rows[rows.length - 1];
  const entries: [string, unknown][] = Object.entries(last).filter(([, v]) => typeof v !== 'object');
  const withTest = rows.filter((r) => typeof r.test_elbo === 'number');
  if (withTest.length > 1) {
    const best = withTest.reduce((a, b) => ((b.test_elbo as number) > (a.test_elbo as number) ? b : a));
    entries.push([`best test_elbo (${x} ${String(best[x])})`, best.test_elbo]);
  }
  return keyValueTable(entries, `after ${x} ${String(last[x])} (${rows.length} logged lines)`);
}

function keyValueTable(entries: [string, unknown][], caption?: string): string {
  const body = entries.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(formatValue(v))}</td></tr>`).join('\n');
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}\n${body}\n</table>`;
}

/** Nested objects as dotted keys, arrays kept as JSON: config files are shallow enough to read this way. */
function flatten(value: object, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([k, v]): [string, unknown][] =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}

/** Numbers to 6 significant digits (enough to compare runs, few enough to read). */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // a JSON file being rewritten by another process: left out of this report
  }
}

function section(title: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; }
.meta { color: #666; font-size: .9em; }
table { border-collapse: collapse; font-size: .92em; }
caption { text-align: left; color: #666; padding-bottom: .3em; }
th, td { text-align: left; padding: .2em .9em .2em 0; border-bottom: 1px solid #f0f0f0; font-weight: normal; }
th { color: #555; } td { font-variant-numeric: tabular-nums; }
figure { display: inline-block; margin: 0 1.5em 1.5em 0; vertical-align: top; }
figure img { image-rendering: pixelated; max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: .9em; color: #444; max-width: 420px; } .file { color: #888; }
.chart svg { max-width: 100%; height: auto; }
`;
