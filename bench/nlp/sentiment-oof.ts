/**
 * Out-of-fold scores of the sentiment head on the training rows (same folds, options and auxiliary rows as
 * heads.ts / train.ts), cached for the intents stacking experiment (bench/nlp/intents-mix.ts).
 *   npx tsx bench/nlp/sentiment-oof.ts
 */
import { writeFileSync } from 'node:fs';
import type { FeatureSpec } from '../../src/nlp/model/features.js';
import { HEAD_SPEC, priorTokens } from '../../src/nlp/train/heads.js';
import { encode, scoreEncoded, subsetEncoded, trainLinear, type Example } from '../../src/nlp/train/linear.js';
import { rng, shuffle } from '../../src/nlp/train/rng.js';
import { fintweets, messages, nsmc, REPO_ROOT } from '../../src/nlp/train/sets.js';
import { CACHE_DIR } from './intents-cache.js';
import { BY_WRITER, FOLDS, foldOf } from './intents-oof.js';

const dir = `${REPO_ROOT}models`;
const own = messages('train');
const n = own.length;
const pri = priorTokens(dir, own);
const reviews = shuffle(nsmc('train'), rng(31)).slice(0, 15_000);
const aux: Example[] = [...reviews.map((r) => ({ text: r.text, y: r.y === 1 ? 2 : 0, weight: 0.3 })), ...fintweets('train').map((r) => ({ text: r.text, y: r.y, weight: 0.3 }))];
const auxPri = priorTokens(dir, aux);
// `--spec '{"spacelessMax":0}'`: changes to HEAD_SPEC
const at = process.argv.indexOf('--spec');
const change = at >= 0 ? (JSON.parse(process.argv[at + 1]!) as Partial<FeatureSpec>) : {};
const spec: FeatureSpec = { ...HEAD_SPEC, ...change };
const tag =
  at >= 0
    ? `+${Object.entries(change)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`
    : '';
const data = encode([...own.map((m, i) => ({ text: m.text, y: m.sentiment, priors: pri[i] })), ...aux.map((r, i) => ({ ...r, priors: auxPri[i] }))], spec);

const scores: number[][] = new Array(n);
const s = new Float64Array(3);
for (let f = 0; f < FOLDS; f++) {
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < data.y.length; i++) (i < n && foldOf(i) === f ? held : train).push(i);
  const W = trainLinear(subsetEncoded(data, train), spec, { classes: 3, epochs: 6, lr: 0.15, seed: 1 });
  for (const i of held) {
    scoreEncoded(W, 3, data, i, s);
    scores[i] = Array.from(s);
  }
}
const acc = scores.filter((x, i) => x.indexOf(Math.max(...x)) === own[i]!.sentiment).length / n;
console.log(`sentiment out-of-fold accuracy ${acc.toFixed(4)}`);
writeFileSync(`${CACHE_DIR}/sentiment${tag}${BY_WRITER ? '@w' : ''}.json`, JSON.stringify(scores));
