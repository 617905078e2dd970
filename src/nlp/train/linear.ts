/** Trains softmax (K classes) or independent sigmoid (multi-label) linear models over hashed features. */
import { FeatureBuffer, featurize, type FeatureSpec } from '../model/features.js';
import { rng, shuffle } from './rng.js';

export interface Example {
  text: string;
  /** Class index for softmax; bit set of labels for multi-label. */
  y: number;
  weight?: number;
  /** Prior tokens (model/priors.ts), for specs that read them. */
  priors?: readonly number[];
}

export interface TrainOptions {
  classes: number;
  multiLabel?: boolean;
  epochs: number;
  lr: number;
  l2?: number;
  seed: number;
  /** Per-class loss weights (class imbalance). */
  classWeights?: number[];
  /** Per-bucket feature values (NB log-count ratios for NB-SVM); 1 when absent. */
  featureScale?: Float32Array;
}

/** Features of every example, computed once: ids flattened with offsets. */
export interface Encoded {
  ids: Int32Array;
  offsets: Int32Array;
  y: Int32Array;
  w: Float32Array;
}

export function encode(examples: readonly Example[], spec: FeatureSpec): Encoded {
  const buf = new FeatureBuffer();
  const chunks: Int32Array[] = [];
  const offsets = new Int32Array(examples.length + 1);
  let total = 0;
  examples.forEach((ex, i) => {
    featurize(ex.text, spec, buf, ex.priors);
    chunks.push(buf.ids.slice(0, buf.length));
    total += buf.length;
    offsets[i + 1] = total;
  });
  const ids = new Int32Array(total);
  chunks.forEach((c, i) => ids.set(c, offsets[i]!));
  return {
    ids,
    offsets,
    y: Int32Array.from(examples, (e) => e.y),
    w: Float32Array.from(examples, (e) => e.weight ?? 1),
  };
}

/** The rows `idx` of `data`, in that order (for folds). */
export function subsetEncoded(data: Encoded, idx: readonly number[]): Encoded {
  const offsets = new Int32Array(idx.length + 1);
  let total = 0;
  idx.forEach((i, n) => {
    total += data.offsets[i + 1]! - data.offsets[i]!;
    offsets[n + 1] = total;
  });
  const ids = new Int32Array(total);
  idx.forEach((i, n) => ids.set(data.ids.subarray(data.offsets[i]!, data.offsets[i + 1]!), offsets[n]!));
  return { ids, offsets, y: Int32Array.from(idx, (i) => data.y[i]!), w: Float32Array.from(idx, (i) => data.w[i]!) };
}

/** Returns weights laid out [bucket * K + k]. */
export function trainLinear(data: Encoded, spec: FeatureSpec, opts: TrainOptions): Float32Array {
  const K = opts.classes;
  const D = 1 << spec.bits;
  const W = new Float32Array(D * K);
  const G = new Float32Array(D * K).fill(1e-6);
  const random = rng(opts.seed);
  const order = Array.from({ length: data.y.length }, (_, i) => i);
  const logits = new Float64Array(K);
  const grad = new Float64Array(K);
  const l2 = opts.l2 ?? 0;
  const fs = opts.featureScale;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, random);
    const lr = opts.lr;
    for (const i of order) {
      const a = data.offsets[i]!;
      const b = data.offsets[i + 1]!;
      const scale = 1 / Math.sqrt(b - a);
      logits.fill(0);
      for (let p = a; p < b; p++) {
        const id = data.ids[p]!;
        const v = fs ? fs[id]! : 1;
        const base = id * K;
        for (let k = 0; k < K; k++) logits[k] = logits[k]! + W[base + k]! * v;
      }
      for (let k = 0; k < K; k++) logits[k] = logits[k]! * scale;
      const y = data.y[i]!;
      const ew = data.w[i]!;
      if (opts.multiLabel) {
        for (let k = 0; k < K; k++) {
          const target = (y >> k) & 1;
          const p = 1 / (1 + Math.exp(-logits[k]!));
          grad[k] = (p - target) * ew * (opts.classWeights?.[k] ?? 1) * (target ? 1 : 1);
        }
      } else {
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, logits[k]!);
        let z = 0;
        for (let k = 0; k < K; k++) z += Math.exp(logits[k]! - max);
        const cw = (opts.classWeights?.[y] ?? 1) * ew;
        for (let k = 0; k < K; k++) grad[k] = (Math.exp(logits[k]! - max) / z - (k === y ? 1 : 0)) * cw;
      }
      for (let p = a; p < b; p++) {
        const id = data.ids[p]!;
        const v = fs ? fs[id]! : 1;
        const base = id * K;
        for (let k = 0; k < K; k++) {
          const j = base + k;
          const g = grad[k]! * scale * v + l2 * W[j]!;
          G[j] = G[j]! + g * g;
          W[j] = W[j]! - (lr * g) / Math.sqrt(G[j]!);
        }
      }
    }
  }
  return W;
}

/** Raw scores (before softmax/sigmoid) for one encoded example. */
export function scoreEncoded(W: Float32Array, K: number, data: Encoded, i: number, out: Float64Array): void {
  const a = data.offsets[i]!;
  const b = data.offsets[i + 1]!;
  const scale = 1 / Math.sqrt(b - a);
  out.fill(0);
  for (let p = a; p < b; p++) {
    const base = data.ids[p]! * K;
    for (let k = 0; k < K; k++) out[k] = out[k]! + W[base + k]!;
  }
  for (let k = 0; k < K; k++) out[k] = out[k]! * scale;
}

/** NB log-count ratios per bucket for a binary task (presence counts, smoothing alpha). */
export function nbRatios(data: Encoded, bits: number, alpha = 1): Float32Array {
  const D = 1 << bits;
  const pos = new Float64Array(D);
  const neg = new Float64Array(D);
  const seen = new Int32Array(D).fill(-1);
  for (let i = 0; i < data.y.length; i++) {
    const target = data.y[i] === 1 ? pos : neg;
    for (let p = data.offsets[i]!; p < data.offsets[i + 1]!; p++) {
      const id = data.ids[p]!;
      if (seen[id] === i) continue;
      seen[id] = i;
      target[id]! += 1;
    }
  }
  let sp = 0;
  let sn = 0;
  for (let j = 0; j < D; j++) {
    sp += pos[j]! + alpha;
    sn += neg[j]! + alpha;
  }
  const r = new Float32Array(D);
  for (let j = 0; j < D; j++) r[j] = Math.log((pos[j]! + alpha) / sp) - Math.log((neg[j]! + alpha) / sn);
  return r;
}
