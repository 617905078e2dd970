/**
 * Out-of-fold experiments for the intents head, on the training rows only (corpus/train; dev is never
 * read). Every variant is scored by 5-fold cross-fitting exactly as heads.ts does (row i in fold i % 5),
 * with each label's threshold chosen on the out-of-fold probabilities; the figures are per label, and
 * complaint F1 is also split by language (ko vs en/mixed) at the chosen threshold.
 *   npx tsx bench/nlp/intents-oof.ts [variant ...]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { CACHE_DIR } from './intents-cache.js';
import type { FeatureSpec } from '../../src/nlp/model/features.js';
import { INTENT_LABELS } from '../../src/nlp/tasks/classifiers.js';
import { HEAD_SPEC, priorTokens } from '../../src/nlp/train/heads.js';
import { encode, nbRatios, scoreEncoded, subsetEncoded, trainLinear, type Encoded } from '../../src/nlp/train/linear.js';
import { f1For } from '../../src/nlp/train/metrics.js';
import { messages, REPO_ROOT } from '../../src/nlp/train/sets.js';

const own = messages('train');
const n = own.length;
const K = INTENT_LABELS.length;
/** `--by-writer`: leave one training file (writer) out instead of i % 5, a harder check closer to a split written apart. */
export const BY_WRITER = process.argv.includes('--by-writer');
const WRITERS = [...new Set(own.map((m) => m.writer))].sort();
export const FOLDS = BY_WRITER ? WRITERS.length : 5;
export const foldOf = (i: number): number => (BY_WRITER ? WRITERS.indexOf(own[i]!.writer) : i % FOLDS);
/** Out-of-fold scores of each variant run, for combining variants afterwards (bench/nlp/intents-mix.ts). */
export const CACHE = CACHE_DIR;
mkdirSync(CACHE, { recursive: true });
const pri = priorTokens(`${REPO_ROOT}models`, own);
const encoded = new Map<string, Encoded>();
function dataAt(spec: FeatureSpec): Encoded {
  const key = JSON.stringify(spec);
  let d = encoded.get(key);
  if (!d) {
    d = {
      ...encode(
        own.map((m, i) => ({ text: m.text, y: m.intents, priors: pri[i] })),
        spec,
      ),
      disputed: DISPUTED,
    } as Data;
    encoded.set(key, d);
  }
  return d;
}
const specOf = (v: Variant): FeatureSpec => ({ ...HEAD_SPEC, ...(v.bits ? { bits: v.bits } : {}), ...v.spec });

export interface Variant {
  epochs: number;
  lr: number;
  l2?: number;
  seeds: number[];
  /** NB log-count ratios per label as feature values (folded into the weights at save time). */
  nb?: number;
  /** Loss weight of positive rows per label (1 = unweighted). */
  posWeight?: number[];
  /** Loss weight, per label, of rows whose writer and blind reviewer disagreed on that label (corpus/review). */
  disputeWeight?: number;
  /** Hash bits (default HEAD_SPEC.bits). */
  bits?: number;
  /** Changes to HEAD_SPEC. */
  spec?: Partial<FeatureSpec>;
  /** Row weights that even out the writers' shares: 'equal' gives every training file the same total weight, 'sqrt' goes half way (by the square root). */
  writerWeight?: 'equal' | 'sqrt';
}

type Data = Encoded & { disputed?: Int32Array };

/** Bit k set when the row's writer and its blind reviewer disagreed on label k (corpus/review/<file>.*.tsv). */
function disputes(): Int32Array {
  const bits = (s: string): number => s.split(',').reduce((b, name) => b | (INTENT_LABELS.indexOf(name.trim() as (typeof INTENT_LABELS)[number]) >= 0 ? 1 << INTENT_LABELS.indexOf(name.trim() as (typeof INTENT_LABELS)[number]) : 0), 0);
  const read = (path: string): Map<string, number> => new Map(readTsvIntents(path));
  const out = new Int32Array(n);
  const byWriter = new Map<string, [Map<string, number>, Map<string, number>]>();
  for (const f of readdirSync(`${REPO_ROOT}corpus/review`)) {
    const m = /^((?:ko|en)-[a-z]+)\.(writer|rev\d+)\.tsv$/.exec(f);
    if (!m) continue;
    const pair = byWriter.get(m[1]!) ?? [new Map(), new Map()];
    pair[m[2] === 'writer' ? 0 : 1] = read(`${REPO_ROOT}corpus/review/${f}`);
    byWriter.set(m[1]!, pair);
  }
  own.forEach((row, i) => {
    const pair = byWriter.get(row.writer);
    if (!pair) return;
    out[i] = (pair[0].get(row.id) ?? 0) ^ (pair[1].get(row.id) ?? 0);
  });
  return out;
  function readTsvIntents(path: string): [string, number][] {
    return readFileSync(path, 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => {
        const c = l.split('\t');
        return [c[0]!, bits(c[1] ?? '')];
      });
  }
}
const DISPUTED = disputes();

function subset(d: Data, idx: number[]): Data {
  return { ...subsetEncoded(d, idx), disputed: Int32Array.from(idx, (i) => d.disputed![i]!) };
}

/** Weights [bucket * K + k] of one fit of the variant on `d`. */
export function fitIntents(d: Data, v: Variant): Float32Array {
  const spec = specOf(v);
  const D = 1 << spec.bits;
  const out = new Float32Array(D * K);
  if (v.nb === undefined && !v.posWeight && v.disputeWeight === undefined) {
    for (const seed of v.seeds) {
      const W = trainLinear(d, spec, { classes: K, multiLabel: true, epochs: v.epochs, lr: v.lr, l2: v.l2, seed });
      for (let j = 0; j < W.length; j++) out[j] = out[j]! + W[j]! / v.seeds.length;
    }
    return out;
  }
  // one binary model per label: its own feature scaling (NB ratios) and positive weight
  for (let k = 0; k < K; k++) {
    const y = Int32Array.from(d.y, (b) => (b >> k) & 1);
    const w = Float32Array.from(d.w, (x, i) => x * (y[i] ? (v.posWeight?.[k] ?? 1) : 1) * (v.disputeWeight !== undefined && (d.disputed![i]! >> k) & 1 ? v.disputeWeight : 1));
    const dk: Encoded = { ids: d.ids, offsets: d.offsets, y, w };
    const r = v.nb !== undefined ? nbRatios(dk, spec.bits, v.nb) : undefined;
    if (r) r[D - 1] = 1;
    for (const seed of v.seeds) {
      const W = trainLinear(dk, spec, { classes: 1, multiLabel: true, epochs: v.epochs, lr: v.lr, l2: v.l2, seed, featureScale: r });
      for (let j = 0; j < D; j++) out[j * K + k] = out[j * K + k]! + (W[j]! * (r ? r[j]! : 1)) / v.seeds.length;
    }
  }
  return out;
}

/** Row weights per `v.writerWeight`: a file of r rows, where the mean file has m, weighs m / r (or its square root) per row. */
function writerWeighted(d: Data, how: 'equal' | 'sqrt'): Data {
  const count = new Map<string, number>();
  for (const m of own) count.set(m.writer, (count.get(m.writer) ?? 0) + 1);
  const mean = n / count.size;
  const w = Float32Array.from(own, (m, i) => d.w[i]! * (how === 'equal' ? mean / count.get(m.writer)! : Math.sqrt(mean / count.get(m.writer)!)));
  return { ...d, w };
}

export function oof(v: Variant): number[][] {
  const data = v.writerWeight ? writerWeighted(dataAt(specOf(v)), v.writerWeight) : dataAt(specOf(v));
  const scores: number[][] = new Array(n);
  const s = new Float64Array(K);
  for (let f = 0; f < FOLDS; f++) {
    const train: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < n; i++) (foldOf(i) === f ? held : train).push(i);
    const W = fitIntents(subset(data, train), v);
    for (const i of held) {
      scoreEncoded(W, K, data, i, s);
      scores[i] = Array.from(s);
    }
  }
  return scores;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function report(name: string, scores: number[][]): { f1: number[]; koC: number; enC: number } {
  const f1: number[] = [];
  const th: number[] = [];
  let koC = 0;
  let enC = 0;
  for (let k = 0; k < K; k++) {
    const gold = own.map((m) => ((m.intents >> k) & 1) === 1);
    const p = scores.map((s) => sigmoid(s[k]!));
    let best = 0.5;
    let bestF1 = -1;
    for (let t = 0.05; t <= 0.9001; t += 0.025) {
      const r = f1For(
        gold,
        p.map((x) => x >= t),
      ).f1;
      if (r > bestF1 + 1e-9) {
        bestF1 = r;
        best = t;
      }
    }
    f1.push(bestF1);
    th.push(best);
    if (k === 0) {
      const part = (ko: boolean): number => {
        const idx = own.map((m, i) => ((m.lang === 'ko') === ko ? i : -1)).filter((i) => i >= 0);
        return f1For(
          idx.map((i) => gold[i]!),
          idx.map((i) => p[i]! >= best),
        ).f1;
      };
      koC = part(true);
      enC = part(false);
    }
  }
  const fmt = (x: number): string => x.toFixed(4);
  const mean = f1.reduce((a, b) => a + b, 0) / K;
  console.log(`${name.padEnd(28)} ${f1.map(fmt).join(' ')} | mean ${fmt(mean)} | complaint ko ${fmt(koC)} en ${fmt(enC)} | thr ${th.map((t) => t.toFixed(3)).join(' ')}`);
  return { f1, koC, enC };
}

/** The session-8 head spec had spaceless character 2-3-grams; HEAD_SPEC has none since session 9. */
const S8 = { spacelessMax: 3 };

export const VARIANTS: Record<string, Variant> = {
  base: { epochs: 6, lr: 0.2, seeds: [1], spec: S8 },
  base2: { epochs: 6, lr: 0.2, seeds: [1, 2], spec: S8 },
  e10: { epochs: 10, lr: 0.2, seeds: [1], spec: S8 },
  e4: { epochs: 4, lr: 0.2, seeds: [1], spec: S8 },
  lr01: { epochs: 6, lr: 0.1, seeds: [1], spec: S8 },
  lr04: { epochs: 6, lr: 0.4, seeds: [1], spec: S8 },
  l2a: { epochs: 6, lr: 0.2, seeds: [1], l2: 1e-4, spec: S8 },
  l2b: { epochs: 6, lr: 0.2, seeds: [1], l2: 1e-3, spec: S8 },
  b22: { epochs: 6, lr: 0.2, seeds: [1], bits: 22, spec: S8 },
  b18: { epochs: 6, lr: 0.2, seeds: [1], bits: 18, spec: S8 },
  bin: { epochs: 6, lr: 0.2, seeds: [1], posWeight: [1, 1, 1, 1, 1, 1], spec: S8 },
  pos2: { epochs: 6, lr: 0.2, seeds: [1], posWeight: [1, 1, 2, 2, 2, 2], spec: S8 },
  nb05: { epochs: 6, lr: 0.2, seeds: [1], nb: 0.5, spec: S8 },
  nb1: { epochs: 6, lr: 0.2, seeds: [1], nb: 1, spec: S8 },
  c3: { epochs: 6, lr: 0.2, seeds: [1], spec: { ...S8, charMax: 3 } },
  c5: { epochs: 6, lr: 0.2, seeds: [1], spec: { ...S8, charMax: 5 } },
  c2min: { epochs: 6, lr: 0.2, seeds: [1], spec: { ...S8, charMin: 2 } },
  sp4: { epochs: 6, lr: 0.2, seeds: [1], spec: { spacelessMax: 4 } },
  w1: { epochs: 6, lr: 0.2, seeds: [1], spec: { ...S8, wordMax: 1 } },
  w3: { epochs: 6, lr: 0.2, seeds: [1], spec: { ...S8, wordMax: 3 } },
  nochar: { epochs: 6, lr: 0.2, seeds: [1], spec: { ...S8, charMax: 0 } },
  nocues: { epochs: 6, lr: 0.2, seeds: [1], spec: { ...S8, cues: false } },
  nosp: { epochs: 6, lr: 0.2, seeds: [1], spec: { spacelessMax: 0 } },
  soft5: { epochs: 6, lr: 0.2, seeds: [1], disputeWeight: 0.5, spec: { spacelessMax: 0 } },
  soft2: { epochs: 6, lr: 0.2, seeds: [1], disputeWeight: 0.2, spec: { spacelessMax: 0 } },
  nbsoft5: { epochs: 6, lr: 0.2, seeds: [1], nb: 0.5, disputeWeight: 0.5, spec: { spacelessMax: 0 } },
  nbnosp: { epochs: 6, lr: 0.2, seeds: [1], nb: 0.5, spec: { spacelessMax: 0 } },
  weq: { epochs: 6, lr: 0.2, seeds: [1], writerWeight: 'equal', spec: { spacelessMax: 0 } },
  wsqrt: { epochs: 6, lr: 0.2, seeds: [1], writerWeight: 'sqrt', spec: { spacelessMax: 0 } },
};

if (process.argv[1]?.endsWith('intents-oof.ts')) {
  console.log(`disputed rows per label: ${INTENT_LABELS.map((_, k) => DISPUTED.filter((b) => (b >> k) & 1).length).join(' ')}`);
  console.log(`${n} rows; labels ${INTENT_LABELS.join(' ')}; positives ${INTENT_LABELS.map((_, k) => own.filter((m) => (m.intents >> k) & 1).length).join(' ')}`);
  for (const name of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
    const v = VARIANTS[name];
    if (!v) throw new Error(`unknown variant ${name}`);
    const t0 = Date.now();
    const scores = oof(v);
    writeFileSync(`${CACHE}/${name}${BY_WRITER ? '@w' : ''}.json`, JSON.stringify(scores));
    report(name, scores);
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
}
