// `divergent measure <measure> --p ... [--q ...]`: the information measures from the command
// line. A distribution is given inline as JSON ([0.1, 0.9] or [[...], [...]] for a batch) or as
// a file: JSON, CSV (one distribution per line) or one number per line.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { parseCsv } from '../data/csv.js';
import { DivergentInputError } from '../errors.js';
import { F_DIVERGENCE_NAMES, type FChoice, type FDivergenceName } from '../info/f-divergences.js';
import {
  crossEntropy,
  entropy,
  fDivergence,
  jsDistance,
  jsDivergence,
  klDivergence,
  mutualInformation,
  renyiDivergence,
  type ArrayInput,
  type ArrayResult,
  type From,
  type MeasureOptions,
} from '../info/index.js';
import { FROM_CHOICES, unitName } from '../info/options.js';

const MEASURES = ['entropy', 'cross-entropy', 'kl', 'js', 'js-distance', 'f', 'renyi', 'mi'] as const;
type MeasureName = (typeof MEASURES)[number];

interface MeasureCliOptions {
  p?: string;
  q?: string;
  f?: string;
  alpha?: string;
  base?: string;
  from?: string;
  axis?: string;
  normalize?: boolean;
  json?: boolean;
}

/** Reads a distribution argument: inline JSON, or a JSON, CSV or one-number-per-line file. */
export function readDistributionArg(value: string, option: string): ArrayInput {
  const text = value.trim();
  if (text.startsWith('[')) return parseJsonArray(text, option, 'the inline value');
  if (!existsSync(value)) {
    throw new DivergentInputError(option, `${JSON.stringify(value)} is neither a JSON array (like [0.2, 0.8]) nor an existing file`);
  }
  const content = readFileSync(value, 'utf8');
  if (content.trim().startsWith('[')) return parseJsonArray(content, option, value);
  const { features } = parseCsv(content, `${option} ${value}`, { labelColumn: null });
  const [rows, cols] = features.shape;
  const data = Array.from(features.data);
  // One line or one column is a single distribution; otherwise each line is one.
  if (rows === 1 || cols === 1) return data;
  return Array.from({ length: rows }, (_, r) => data.slice(r * cols, (r + 1) * cols));
}

function parseJsonArray(text: string, option: string, source: string): ArrayInput {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DivergentInputError(option, `${source} is not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(v)) throw new DivergentInputError(option, `${source} is not a JSON array`);
  return v as ArrayInput;
}

function parseNumber(value: string, option: string, what: string): number {
  const v = /^\+?inf(inity)?$/i.test(value.trim()) ? Infinity : value.trim() === 'e' ? Math.E : Number(value);
  if (value.trim() === '' || Number.isNaN(v)) throw new DivergentInputError(option, `${JSON.stringify(value)} is not a number; ${what}`);
  return v;
}

function required(value: string | undefined, option: string, measure: string): string {
  if (value === undefined) throw new DivergentInputError(option, `is required for ${measure}`);
  return value;
}

/** The f-divergence chosen by --f (and --alpha for the alpha family). */
function fChoice(opts: MeasureCliOptions): FChoice {
  const f = required(opts.f, '--f', 'the f measure');
  if (f === 'alpha') return { alpha: parseNumber(required(opts.alpha, '--alpha', '--f alpha'), '--alpha', 'give the order of the alpha family') };
  if (!(F_DIVERGENCE_NAMES as string[]).includes(f)) {
    throw new DivergentInputError('--f', `unknown f-divergence ${JSON.stringify(f)}; valid: ${F_DIVERGENCE_NAMES.join(', ')}, alpha (with --alpha)`);
  }
  return f as FDivergenceName;
}

const LOG_UNIT_F = new Set(['kl', 'reverse-kl', 'js', 'jeffreys']);

interface Measurement {
  measure: MeasureName;
  value: ArrayResult;
  unit: string | null;
  f?: string;
  alpha?: number;
}

export function runMeasure(name: string, opts: MeasureCliOptions): Measurement {
  if (!(MEASURES as readonly string[]).includes(name)) {
    throw new DivergentInputError('measure', `unknown measure ${JSON.stringify(name)}; valid: ${MEASURES.join(', ')}`);
  }
  const measure = name as MeasureName;
  const base = opts.base === undefined ? Math.E : parseNumber(opts.base, '--base', 'use e, 2, 10 or another positive number');
  if (opts.from !== undefined && !(FROM_CHOICES as readonly string[]).includes(opts.from)) {
    throw new DivergentInputError('--from', `${JSON.stringify(opts.from)} is not one of ${FROM_CHOICES.join(', ')}`);
  }
  const o: MeasureOptions = {
    base,
    from: opts.from as From | undefined,
    normalize: opts.normalize ?? false,
    axis: opts.axis === undefined ? undefined : parseNumber(opts.axis, '--axis', 'give an integer axis'),
  };
  const p = readDistributionArg(required(opts.p, '--p', measure), '--p');
  const q = () => readDistributionArg(required(opts.q, '--q', measure), '--q');
  const unit = unitName(base);
  switch (measure) {
    case 'entropy':
      return { measure, value: entropy(p, o), unit };
    case 'cross-entropy':
      return { measure, value: crossEntropy(p, q(), o), unit };
    case 'kl':
      return { measure, value: klDivergence(p, q(), o), unit };
    case 'js':
      return { measure, value: jsDivergence(p, q(), o), unit };
    case 'js-distance':
      return { measure, value: jsDistance(p, q(), o), unit };
    case 'f': {
      const f = fChoice(opts);
      const logUnits = typeof f === 'string' ? LOG_UNIT_F.has(f) : f.alpha === 0 || f.alpha === 1;
      const label = typeof f === 'string' ? { f } : { f: 'alpha', alpha: f.alpha };
      return { measure, ...label, value: fDivergence(p, q(), f, o), unit: logUnits ? unit : null };
    }
    case 'renyi': {
      const alpha = parseNumber(required(opts.alpha, '--alpha', 'renyi'), '--alpha', 'give an order in [0, Infinity]');
      return { measure, alpha, value: renyiDivergence(p, q(), alpha, o), unit };
    }
    case 'mi':
      if (o.axis !== undefined) throw new DivergentInputError('--axis', 'does not apply to mi: --p is one joint table, rows = X, columns = Y');
      if (o.from !== undefined && o.from !== 'probs' && o.from !== 'counts') {
        throw new DivergentInputError('--from', `${o.from} does not describe a joint table; use probs or counts`);
      }
      return { measure, value: mutualInformation(p as number[][], { base, from: o.from as 'probs' | 'counts' | undefined, normalize: o.normalize }), unit };
  }
}

/** JSON has no Infinity: it is written as the string "Infinity". */
function toJson(m: Measurement): string {
  return JSON.stringify(m, (_, v: unknown) => (v === Infinity ? 'Infinity' : v));
}

function toText(m: Measurement): string {
  const what = m.measure === 'f' ? `f-divergence ${m.f === 'alpha' ? `alpha=${m.alpha}` : m.f}` : m.measure === 'renyi' ? `renyi alpha=${m.alpha}` : m.measure;
  const value = typeof m.value === 'number' ? String(m.value) : JSON.stringify(m.value, (_, v: unknown) => (v === Infinity ? 'Infinity' : v));
  return `${what}: ${value}${m.unit ? ` ${m.unit}` : ''}`;
}

export function registerMeasure(program: Command): void {
  program
    .command('measure')
    .description('entropy, cross-entropy, KL (relative entropy), JS, f-divergences, Renyi or mutual information of discrete distributions')
    .argument('<measure>', MEASURES.join(' | '))
    .option('--p <json|file>', 'the distribution P (mi: the joint table): inline JSON, or a JSON, CSV or one-number-per-line file')
    .option('--q <json|file>', 'the distribution Q, as --p')
    .option('--f <name>', `f for the f measure: ${F_DIVERGENCE_NAMES.join(', ')}, alpha`)
    .option('--alpha <a>', 'order of renyi, or of --f alpha (inf for Infinity)')
    .option('--base <b>', 'logarithm base: e (nats, default), 2 (bits), 10 (hartleys)')
    .option('--from <kind>', `what the numbers are: ${FROM_CHOICES.join(', ')} (default probs)`)
    .option('--axis <k>', 'the axis along which each distribution lies (default: the last)')
    .option('--normalize', 'divide by the sum instead of refusing numbers that do not sum to 1')
    .option('--json', 'print one JSON object {"measure", "value", "unit", ...}')
    .action((name: string, opts: MeasureCliOptions) => {
      const m = runMeasure(name, opts);
      console.log(opts.json ? toJson(m) : toText(m));
    });
}
