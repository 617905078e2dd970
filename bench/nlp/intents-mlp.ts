/**
 * Does a model with one hidden layer find the intents better than the linear heads, out of fold? Training rows
 * only (corpus/train; dev and holdout are never read). Same features as the shipped heads (HEAD_SPEC), same
 * 5 folds (row i in fold i % 5), or one training file (writer) left out at a time with `--by-writer`.
 * Variants: the plain linear intents model (as heads.ts trains it), a hidden-layer model (sum of the rows'
 * feature embeddings over the square root of their number (as the linear heads scale), ReLU layer, six sigmoids), and the mean of both models' logits.
 *   npx tsx bench/nlp/intents-mlp.ts [--by-writer] [--hidden 64] [--epochs 8] [--bits 20]
 */
import { INTENT_LABELS } from '../../src/nlp/tasks/classifiers.js';
import { HEAD_SPEC, priorTokens } from '../../src/nlp/train/heads.js';
import { encode, scoreEncoded, subsetEncoded, trainLinear, type Encoded } from '../../src/nlp/train/linear.js';
import { f1For } from '../../src/nlp/train/metrics.js';
import { rng, shuffle } from '../../src/nlp/train/rng.js';
import { messages, REPO_ROOT } from '../../src/nlp/train/sets.js';

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const BY_WRITER = process.argv.includes('--by-writer');
const H = arg('hidden', 64);
const EPOCHS = arg('epochs', 8);
const BITS = arg('bits', 20);
const LR = arg('lr', 0.05);
const own = messages('train');
const n = own.length;
const K = INTENT_LABELS.length;
const writers = [...new Set(own.map((m) => m.writer))].sort();
const FOLDS = BY_WRITER ? writers.length : 5;
const foldOf = (i: number): number => (BY_WRITER ? writers.indexOf(own[i]!.writer) : i % FOLDS);

const pri = priorTokens(`${REPO_ROOT}models`, own);
const data = encode(
  own.map((m, i) => ({ text: m.text, y: m.intents, priors: pri[i] })),
  HEAD_SPEC,
);
const mask = (1 << BITS) - 1;

interface Mlp {
  E: Float32Array;
  b1: Float32Array;
  W2: Float32Array;
  b2: Float32Array;
}

function forward(m: Mlp, d: Encoded, i: number, h: Float32Array, out: Float64Array): void {
  const a = d.offsets[i]!;
  const b = d.offsets[i + 1]!;
  const inv = 1 / Math.sqrt(b - a);
  h.set(m.b1);
  for (let p = a; p < b; p++) {
    const base = (d.ids[p]! & mask) * H;
    for (let j = 0; j < H; j++) h[j] = h[j]! + m.E[base + j]! * inv;
  }
  for (let j = 0; j < H; j++) if (h[j]! < 0) h[j] = 0;
  for (let k = 0; k < K; k++) {
    let z = m.b2[k]!;
    for (let j = 0; j < H; j++) z += m.W2[k * H + j]! * h[j]!;
    out[k] = z;
  }
}

function trainMlp(d: Encoded, idx: number[], seed: number): Mlp {
  const random = rng(seed);
  const D = mask + 1;
  const m: Mlp = { E: new Float32Array(D * H), b1: new Float32Array(H), W2: new Float32Array(K * H), b2: new Float32Array(K) };
  for (let j = 0; j < m.E.length; j++) m.E[j] = (random() - 0.5) * 0.2;
  for (let j = 0; j < m.W2.length; j++) m.W2[j] = (random() - 0.5) * (2 / Math.sqrt(H));
  const h = new Float32Array(H);
  const dh = new Float32Array(H);
  const out = new Float64Array(K);
  const order = idx.slice();
  const total = EPOCHS * order.length;
  let step = 0;
  for (let e = 0; e < EPOCHS; e++) {
    shuffle(order, random);
    for (const i of order) {
      const lr = LR * (1 - step++ / total);
      forward(m, d, i, h, out);
      dh.fill(0);
      const y = d.y[i]!;
      for (let k = 0; k < K; k++) {
        const g = 1 / (1 + Math.exp(-out[k]!)) - ((y >> k) & 1);
        for (let j = 0; j < H; j++) {
          dh[j] = dh[j]! + g * m.W2[k * H + j]!;
          m.W2[k * H + j] = m.W2[k * H + j]! - lr * g * h[j]!;
        }
        m.b2[k] = m.b2[k]! - lr * g;
      }
      for (let j = 0; j < H; j++) if (h[j]! <= 0) dh[j] = 0;
      for (let j = 0; j < H; j++) m.b1[j] = m.b1[j]! - lr * dh[j]!;
      const a = d.offsets[i]!;
      const b = d.offsets[i + 1]!;
      const s = lr / Math.sqrt(b - a);
      for (let p = a; p < b; p++) {
        const base = (d.ids[p]! & mask) * H;
        for (let j = 0; j < H; j++) m.E[base + j] = m.E[base + j]! - s * dh[j]!;
      }
    }
  }
  return m;
}

const lin: number[][] = new Array(n);
const mlp: number[][] = new Array(n);
const t0 = Date.now();
for (let f = 0; f < FOLDS; f++) {
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < n; i++) (foldOf(i) === f ? held : train).push(i);
  const W = trainLinear(subsetEncoded(data, train), HEAD_SPEC, { classes: K, multiLabel: true, epochs: 6, lr: 0.2, seed: 1 });
  const m = trainMlp(data, train, 1);
  const s = new Float64Array(K);
  const h = new Float32Array(H);
  for (const i of held) {
    scoreEncoded(W, K, data, i, s);
    lin[i] = Array.from(s);
    forward(m, data, i, h, s);
    mlp[i] = Array.from(s);
  }
  process.stderr.write(`fold ${f + 1}/${FOLDS} ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
function report(name: string, scores: number[][]): void {
  const f1: number[] = [];
  for (let k = 0; k < K; k++) {
    const gold = own.map((m) => ((m.intents >> k) & 1) === 1);
    const p = scores.map((s) => sigmoid(s[k]!));
    let best = -1;
    for (let t = 0.05; t <= 0.9001; t += 0.025)
      best = Math.max(
        best,
        f1For(
          gold,
          p.map((x) => x >= t),
        ).f1,
      );
    f1.push(best);
  }
  const mean = f1.reduce((a, b) => a + b, 0) / K;
  console.log(`${name.padEnd(12)} ${f1.map((x) => x.toFixed(4)).join(' ')} | mean ${mean.toFixed(4)}`);
}
console.log(`${n} rows, ${FOLDS} folds${BY_WRITER ? ' (one writer left out)' : ''}; hidden ${H}, epochs ${EPOCHS}, bits ${BITS}, lr ${LR}`);
console.log(`variant      ${INTENT_LABELS.join(' ')}`);
report('linear', lin);
report('mlp', mlp);
report(
  'mean',
  lin.map((s, i) => s.map((v, k) => (v + mlp[i]![k]!) / 2)),
);
