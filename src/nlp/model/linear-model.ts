/**
 * A compact linear model over hashed features: int8 weights (per-output scale), gzip'd on disk.
 * File layout (inside gzip): "SOTM", u32 little-endian header length, JSON header, int8 weights
 * laid out [bucket * outputs + k].
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FeatureBuffer, featurize, type FeatureSpec, type Words } from './features.js';

export interface ModelHeader {
  name: string;
  spec: FeatureSpec;
  /** Output names: one per weight column. */
  outputs: string[];
  /** Dequantisation scale per output. */
  scales: number[];
  /** Task-specific calibration and metadata (temperature, band, thresholds). */
  meta: Record<string, unknown>;
}

const MAGIC = 'SOTM';

export function encodeModel(header: ModelHeader, weights: Int8Array): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(8);
  head.write(MAGIC, 0, 'ascii');
  head.writeUInt32LE(json.length, 4);
  return Buffer.concat([head, json, Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength)]);
}

export function decodeModel(raw: Buffer): { header: ModelHeader; weights: Int8Array } {
  if (raw.toString('ascii', 0, 4) !== MAGIC) throw new Error('not a Sotong model file');
  const len = raw.readUInt32LE(4);
  const header = JSON.parse(raw.toString('utf8', 8, 8 + len)) as ModelHeader;
  const bytes = raw.subarray(8 + len);
  const weights = new Int8Array(bytes.length);
  weights.set(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  const expected = (1 << header.spec.bits) * header.outputs.length;
  if (weights.length !== expected) throw new Error(`model ${header.name}: ${weights.length} weights, expected ${expected}`);
  return { header, weights };
}

export interface Contribution {
  /** The word (as written after normalisation) whose n-grams pushed the score. */
  term: string;
  /** Contribution to the score of the explained output (positive = towards it). */
  weight: number;
}

export class LinearModel {
  readonly header: ModelHeader;
  readonly K: number;
  /** Bucket mask: features hashed at more bits than this model has are folded by masking. */
  private readonly mask: number;
  private readonly weights: Int8Array;
  private readonly buf = new FeatureBuffer();
  private readonly explainBuf = new FeatureBuffer(true);

  constructor(header: ModelHeader, weights: Int8Array) {
    this.header = header;
    this.weights = weights;
    this.K = header.outputs.length;
    this.mask = (1 << header.spec.bits) - 1;
  }

  static load(path: string): LinearModel {
    const { header, weights } = decodeModel(gunzipSync(readFileSync(path)));
    return new LinearModel(header, weights);
  }

  get spec(): FeatureSpec {
    return this.header.spec;
  }

  /** Raw output scores for a text. */
  score(text: string, out: Float64Array = new Float64Array(this.K), priors?: readonly number[]): Float64Array {
    featurize(text, this.header.spec, this.buf, priors);
    this.scoreBuffer(this.buf, out);
    return out;
  }

  /** Scores already-extracted features (lets several models with one spec share one featurize call). */
  scoreBuffer(buf: FeatureBuffer, out: Float64Array): void {
    const K = this.K;
    const W = this.weights;
    const ids = buf.ids;
    const m = this.mask;
    out.fill(0);
    if (K === 1) {
      let s = 0;
      for (let p = 0; p < buf.length; p++) s += W[ids[p]! & m]!;
      out[0] = s;
    } else {
      for (let p = 0; p < buf.length; p++) {
        const base = (ids[p]! & m) * K;
        for (let k = 0; k < K; k++) out[k] = out[k]! + W[base + k]!;
      }
    }
    const norm = 1 / Math.sqrt(Math.max(1, buf.length));
    const scales = this.header.scales;
    for (let k = 0; k < K; k++) out[k] = out[k]! * scales[k]! * norm;
  }

  /**
   * Per-word contributions to `direction · scores` (direction weights each output, e.g. [1] for a
   * binary score or one-hot minus mean for a softmax class), strongest first.
   */
  explain(text: string, direction: readonly number[], top = 5, priors?: readonly number[]): Contribution[] {
    const words: Words = featurize(text, this.header.spec, this.explainBuf, priors);
    const K = this.K;
    const W = this.weights;
    const norm = 1 / Math.sqrt(Math.max(1, this.explainBuf.length));
    const perWord = new Float64Array(words.surfaces.length);
    const owners = this.explainBuf.owners!;
    for (let p = 0; p < this.explainBuf.length; p++) {
      const owner = owners[p]!;
      if (owner < 0 || owner >= perWord.length) continue;
      const base = (this.explainBuf.ids[p]! & this.mask) * K;
      let c = 0;
      for (let k = 0; k < K; k++) c += direction[k]! * W[base + k]! * this.header.scales[k]!;
      perWord[owner] = perWord[owner]! + c * norm;
    }
    const merged = new Map<string, number>();
    words.surfaces.forEach((w, i) => merged.set(w, (merged.get(w) ?? 0) + perWord[i]!));
    return [...merged]
      .map(([term, weight]) => ({ term, weight: Math.round(weight * 1000) / 1000 }))
      .filter((c) => c.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, top);
  }
}
