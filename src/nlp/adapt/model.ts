/**
 * A per-workspace adaptation on top of any base model: the base analysis's probabilities are taken as
 * offsets (logits) and a small sparse delta over hashed word and character n-grams of the text is
 * added to them. Learned from a workspace's corrections with L2 regularisation, so a few corrections
 * move predictions on texts that share their words and leave unrelated texts nearly where they were.
 *
 * Heads: sentiment (3-way softmax), abuse (3-way softmax), complaint and five intents (sigmoids, each
 * judged against the base model's threshold, estimated from the analyses it was trained on).
 */
import { FeatureBuffer, featurize, type FeatureSpec } from '../model/features.js';
import { ABUSE_CLASSES, INTENT_NAMES, SENTIMENT_CLASSES, intentSet, type BaseAnalysis, type CorrectionTask } from './tasks.js';

/** Hashed features of the delta: word uni/bigrams, stems and character 2-4-grams; no bias bucket. */
export const ADAPT_SPEC: FeatureSpec = { bits: 18, charMin: 2, charMax: 4, wordMax: 2, stems: true, spacelessMax: 0 };

/** Head layout: 0-2 sentiment, 3-5 abuse, 6 complaint, 7-11 intents. */
export const HEADS = 12;
const SENT = 0;
const ABUSE = 3;
const BIN = 6; // complaint, then INTENT_NAMES
const BINARY_NAMES = ['complaint', ...INTENT_NAMES] as const;

export interface Example {
  text: string;
  /** The base model's analysis of the text. */
  base: BaseAnalysis;
  /** The person's labels (canonical form, see tasks.ts), per corrected task. */
  labels: Partial<Record<CorrectionTask, string>>;
}

export interface TrainOptions {
  /** L2 strength on the whole objective (sum of losses + lambda/2 |w|^2). */
  lambda?: number;
  epochs?: number;
  learningRate?: number;
  spec?: FeatureSpec;
}

const EPS = 1e-4;
const clampP = (p: number) => Math.min(1 - EPS, Math.max(EPS, Number.isFinite(p) ? p : 0.5));
const logit = (p: number) => Math.log(clampP(p) / (1 - clampP(p)));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const round = (x: number) => Math.round(x * 10000) / 10000;

/** Unique feature ids of a text with the value each carries (binary, scaled to unit length). */
export function features(text: string, spec: FeatureSpec, buf = new FeatureBuffer()): { ids: Int32Array; value: number } {
  featurize(text, spec, buf);
  const bias = (1 << spec.bits) - 1;
  const seen = new Set<number>();
  for (let i = 0; i < buf.length; i++) {
    const id = buf.ids[i]!;
    if (id !== bias) seen.add(id);
  }
  const ids = Int32Array.from(seen);
  return { ids, value: ids.length ? 1 / Math.sqrt(ids.length) : 0 };
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** The base model's decision threshold per binary head, estimated from its own labels and probabilities. */
export function estimateThresholds(bases: BaseAnalysis[]): number[] {
  const bounds = BINARY_NAMES.map(() => ({ lo: 0, hi: 1 }));
  const pooled = { lo: 0, hi: 1 };
  for (const b of bases) {
    BINARY_NAMES.forEach((name, k) => {
      const p = binaryProb(b, k);
      const on = binaryOn(b, k);
      if (on) bounds[k]!.hi = Math.min(bounds[k]!.hi, p);
      else bounds[k]!.lo = Math.max(bounds[k]!.lo, p);
    });
  }
  for (const b of bounds) {
    pooled.lo = Math.max(pooled.lo, b.lo);
    pooled.hi = Math.min(pooled.hi, b.hi);
  }
  const pick = (lo: number, hi: number) => (lo < 0.5 && 0.5 <= hi ? 0.5 : sigmoid((logit(lo) + logit(hi)) / 2));
  // One threshold for all heads when the labels allow it (the shipped intent model uses one); else per head.
  if (pooled.lo < pooled.hi) return BINARY_NAMES.map(() => pick(pooled.lo, pooled.hi));
  return bounds.map((b) => (b.lo < b.hi ? pick(b.lo, b.hi) : 0.5));
}

function binaryProb(b: BaseAnalysis, k: number): number {
  return k === 0 ? b.complaint.probability : (b.intents.probs[INTENT_NAMES[k - 1]!] ?? 0);
}
function binaryOn(b: BaseAnalysis, k: number): boolean {
  return k === 0 ? b.complaint.isComplaint : b.intents.labels.includes(INTENT_NAMES[k - 1]!);
}

/**
 * The base decision of a binary head as a signed margin (logit distance to the threshold), on the side of
 * the base label even where the estimated threshold disagrees with it, so the delta must outweigh it to flip.
 */
function margin(b: BaseAnalysis, k: number, threshold: number): number {
  const m = logit(binaryProb(b, k)) - logit(threshold);
  return binaryOn(b, k) ? Math.max(m, 0.05) : Math.min(m, -0.05);
}

/** Offsets for every head: log-probabilities (softmax heads) and threshold-shifted logits (binary heads). */
function offsets(b: BaseAnalysis, thresholds: number[]): number[] {
  const out = new Array<number>(HEADS).fill(0);
  SENTIMENT_CLASSES.forEach((c, k) => (out[SENT + k] = Math.log(clampP(b.sentiment.probs[c] ?? 1 / 3))));
  ABUSE_CLASSES.forEach((c, k) => (out[ABUSE + k] = Math.log(clampP(b.abuse.probs[c] ?? 1 / 3))));
  for (let k = 0; k < BINARY_NAMES.length; k++) out[BIN + k] = margin(b, k, thresholds[k]!);
  return out;
}

/** Targets per head for an example's labels; NaN where the person said nothing. */
function targets(labels: Example['labels']): number[] {
  const t = new Array<number>(HEADS).fill(NaN);
  if (labels.sentiment) SENTIMENT_CLASSES.forEach((c, k) => (t[SENT + k] = c === labels.sentiment ? 1 : 0));
  if (labels.abuse) ABUSE_CLASSES.forEach((c, k) => (t[ABUSE + k] = c === labels.abuse ? 1 : 0));
  if (labels.complaint) t[BIN] = labels.complaint === 'yes' ? 1 : 0;
  if (labels.intents) {
    const set = intentSet(labels.intents);
    INTENT_NAMES.forEach((n, k) => (t[BIN + 1 + k] = set.has(n) ? 1 : 0));
  }
  return t;
}

export class Adaptation {
  constructor(
    readonly spec: FeatureSpec,
    /** Feature id → weight per head. */
    readonly weights: Map<number, Float32Array>,
    readonly thresholds: number[],
    /** How many examples it was learned from. */
    readonly examples: number,
  ) {}

  private readonly buf = new FeatureBuffer();

  /** The delta the adaptation adds to each head's logit for a text. */
  delta(text: string): number[] {
    const d = new Array<number>(HEADS).fill(0);
    if (this.weights.size === 0) return d;
    const { ids, value } = features(text, this.spec, this.buf);
    for (const id of ids) {
      const w = this.weights.get(id);
      if (w) for (let h = 0; h < HEADS; h++) d[h]! += w[h]! * value;
    }
    return d;
  }

  /**
   * The analysis with the adaptation applied: same shape, probabilities and labels moved by the delta.
   * Explanations stay the base model's, except for a label the adaptation changed (left without one).
   */
  apply<A extends BaseAnalysis>(text: string, a: A): A {
    const d = this.delta(text);
    if (d.every((x) => Math.abs(x) < 1e-6)) return a;
    const out = { ...a };
    const sOff = SENTIMENT_CLASSES.map((c, k) => Math.log(clampP(a.sentiment.probs[c] ?? 1 / 3)) + d[SENT + k]!);
    const sp = softmax(sOff);
    const sLabel = SENTIMENT_CLASSES[sp.indexOf(Math.max(...sp))]!;
    out.sentiment = { ...a.sentiment, label: sLabel, probs: Object.fromEntries(SENTIMENT_CLASSES.map((c, k) => [c, round(sp[k]!)])), ...(sLabel !== a.sentiment.label ? { explanation: [] } : {}) };
    const aOff = ABUSE_CLASSES.map((c, k) => Math.log(clampP(a.abuse.probs[c] ?? 1 / 3)) + d[ABUSE + k]!);
    const ap = softmax(aOff);
    const aLabel = ABUSE_CLASSES[ap.indexOf(Math.max(...ap))]!;
    out.abuse = { ...a.abuse, label: aLabel, probs: Object.fromEntries(ABUSE_CLASSES.map((c, k) => [c, round(ap[k]!)])), ...(aLabel !== a.abuse.label ? { explanation: [] } : {}) };
    const decide = (k: number): { p: number; on: boolean } => {
      const before = binaryProb(a, k);
      const dk = d[BIN + k]!;
      const z = logit(before) + dk;
      // Flipped only when the delta outweighs the base decision's margin.
      return { p: round(sigmoid(z)), on: margin(a, k, this.thresholds[k]!) + dk >= 0 };
    };
    const c = decide(0);
    out.complaint = { ...a.complaint, isComplaint: c.on, probability: c.p };
    const probs: Record<string, number> = { ...a.intents.probs, complaint: c.p };
    const labels = new Set(a.intents.labels);
    if (c.on) labels.add('complaint');
    else labels.delete('complaint');
    INTENT_NAMES.forEach((n, k) => {
      const r = decide(k + 1);
      probs[n] = r.p;
      if (r.on) labels.add(n);
      else labels.delete(n);
    });
    const order = ['complaint', ...INTENT_NAMES] as string[];
    const intents = { ...a.intents, labels: [...labels].sort((x, y) => order.indexOf(x) - order.indexOf(y)), probs };
    const ex = (a.intents as { explanation?: Record<string, unknown> }).explanation;
    if (ex) (intents as { explanation?: Record<string, unknown> }).explanation = Object.fromEntries(Object.entries(ex).filter(([k]) => labels.has(k)));
    out.intents = intents as A['intents'];
    return out;
  }
}

/** Learns an adaptation from corrected examples (deterministic: same examples, same weights). */
export function train(examples: Example[], opts: TrainOptions = {}): Adaptation {
  const spec = opts.spec ?? ADAPT_SPEC;
  const lambda = opts.lambda ?? 0.05;
  const epochs = opts.epochs ?? 25;
  const lr = opts.learningRate ?? 1;
  const thresholds = estimateThresholds(examples.map((e) => e.base));
  const weights = new Map<number, Float32Array>();
  if (examples.length === 0) return new Adaptation(spec, weights, thresholds, 0);
  const buf = new FeatureBuffer();
  const rows = examples.map((e) => ({ x: features(e.text, spec, buf), off: offsets(e.base, thresholds), t: targets(e.labels) }));
  const reg = lambda / rows.length;
  const order = rows.map((_, i) => i);
  let seed = 0x9e3779b9;
  const rand = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const g = new Array<number>(HEADS).fill(0);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = lr / (1 + epoch * 0.1);
    for (const i of order) {
      const { x, off, t } = rows[i]!;
      const z = off.slice();
      for (const id of x.ids) {
        const w = weights.get(id);
        if (w) for (let h = 0; h < HEADS; h++) z[h]! += w[h]! * x.value;
      }
      g.fill(0);
      if (!Number.isNaN(t[SENT]!)) softmaxGrad(z, t, SENT, g);
      if (!Number.isNaN(t[ABUSE]!)) softmaxGrad(z, t, ABUSE, g);
      for (let h = BIN; h < HEADS; h++) if (!Number.isNaN(t[h]!)) g[h] = sigmoid(z[h]!) - t[h]!;
      for (const id of x.ids) {
        let w = weights.get(id);
        if (!w) {
          w = new Float32Array(HEADS);
          weights.set(id, w);
        }
        // Plain SGD: features have unit length, so one step moves this text's logit by lr × gradient.
        for (let h = 0; h < HEADS; h++) if (g[h] !== 0 || w[h] !== 0) w[h]! -= rate * (g[h]! * x.value + reg * w[h]!);
      }
    }
  }
  return new Adaptation(spec, weights, thresholds, examples.length);
}

function softmaxGrad(z: number[], t: number[], from: number, g: number[]): void {
  const p = softmax([z[from]!, z[from + 1]!, z[from + 2]!]);
  for (let k = 0; k < 3; k++) g[from + k] = p[k]! - t[from + k]!;
}
