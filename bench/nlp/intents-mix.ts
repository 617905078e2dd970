/**
 * Combines cached out-of-fold scores (bench/nlp/intents-oof.ts, sentiment-oof.ts): weight averages of two
 * intents variants, and stacked per-label logistic regressions over the first-stage scores, themselves
 * cross-fitted on the same 5 folds (the meta model for fold f never sees fold f).
 *   npx tsx bench/nlp/intents-mix.ts
 */
import { readFileSync } from 'node:fs';
import { INTENT_LABELS } from '../../src/nlp/tasks/classifiers.js';
import { messages } from '../../src/nlp/train/sets.js';
import { CACHE_DIR } from './intents-cache.js';
import { BY_WRITER, FOLDS, foldOf, report } from './intents-oof.js';

const own = messages('train');
const n = own.length;
const K = INTENT_LABELS.length;
const load = (name: string): number[][] => JSON.parse(readFileSync(`${CACHE_DIR}/${name}${BY_WRITER ? '@w' : ''}.json`, 'utf8')) as number[][];

/** Ridge-penalised logistic regression by Newton's method (few features, deterministic). */
export function logistic(X: number[][], y: number[], lambda = 1e-2, iters = 25): number[] {
  const d = X[0]!.length;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < iters; it++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    X.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const r = p - y[i]!;
      const s = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] = g[a]! + r * x[a]!;
        for (let b = 0; b < d; b++) H[a]![b] = H[a]![b]! + s * x[a]! * x[b]!;
      }
    });
    for (let a = 0; a < d; a++) {
      g[a] = g[a]! + lambda * w[a]!;
      H[a]![a] = H[a]![a]! + lambda;
    }
    const step = solve(H, g);
    for (let a = 0; a < d; a++) w[a] = w[a]! - step[a]!;
  }
  return w;
}

function solve(A: number[][], b: number[]): number[] {
  const d = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= d; k++) M[r]![k] = M[r]![k]! - f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[d]! / row[i]!);
}

/** Cross-fitted stacked scores: label k's meta model reads feats(i) (bias added here). */
function stack(feats: (i: number) => number[], labels = Array.from({ length: K }, (_, k) => k)): number[][] {
  const X = Array.from({ length: n }, (_, i) => [1, ...feats(i)]);
  const out = Array.from({ length: n }, () => new Array<number>(K).fill(0));
  for (let k = 0; k < K; k++) {
    const y = own.map((m) => (m.intents >> k) & 1);
    for (let f = 0; f < FOLDS; f++) {
      const tr = X.map((_, i) => i).filter((i) => foldOf(i) !== f);
      const w = labels.includes(k)
        ? logistic(
            tr.map((i) => X[i]!),
            tr.map((i) => y[i]!),
          )
        : null;
      for (let i = 0; i < n; i++) if (foldOf(i) === f) out[i]![k] = w ? X[i]!.reduce((s, x, j) => s + x * w[j]!, 0) : 0;
    }
  }
  return out;
}

const base = load('base');
const nb = load('nb05');
const sent = load('sentiment');
const centred = (s: number[]): number[] => {
  const m = (s[0]! + s[1]! + s[2]!) / 3;
  return s.map((v) => v - m);
};
const lang = (i: number): number[] => [own[i]!.lang === 'en' ? 1 : 0, own[i]!.lang === 'mixed' ? 1 : 0];

report('base', base);
report('nb05', nb);
for (const a of [0.25, 0.5, 0.75])
  report(
    `avg nb ${a}`,
    base.map((s, i) => s.map((v, k) => (1 - a) * v + a * nb[i]![k]!)),
  );
report(
  'stack own',
  stack((i) => [base[i]![0]!]).map((s, i) => s.map((_, k) => (k === 0 ? s[0]! : base[i]![k]!))),
);
report(
  'stack intents',
  stack((i) => base[i]!),
);
report(
  'stack intents+sent',
  stack((i) => [...base[i]!, ...centred(sent[i]!)]),
);
report(
  'stack intents+sent+lang',
  stack((i) => [...base[i]!, ...centred(sent[i]!), ...lang(i)]),
);
report(
  'stack base+nb',
  stack((i) => [...base[i]!, ...nb[i]!]),
);
report(
  'stack base+nb+sent+lang',
  stack((i) => [...base[i]!, ...nb[i]!, ...centred(sent[i]!), ...lang(i)]),
);
