/**
 * `npm run train`: trains every model from ../shared/data/nlp and corpus/, writes models/*.bin.gz
 * and models/manifest.json (sizes and dev scores). Deterministic: fixed seeds, no clock or Math.random.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { MODEL_FILES } from '../index.js';
import { LinearModel } from '../model/linear-model.js';
import { ABUSE_LABELS, INTENT_LABELS, SENTIMENT_LABELS } from '../tasks/classifiers.js';
import { evaluateDev } from './evaluate.js';
import { fintweets, hate, messages, nsmc, REPO_ROOT } from './sets.js';
import { trainIntents, trainSentimentKo, trainSoftmax } from './tasks.js';
import { rng, shuffle } from './rng.js';

const log = (s: string): void => void process.stderr.write(s + '\n');
// `npm run train -- intents abuse` retrains only the named models (default: all)
const only = process.argv.slice(2);
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
const dir = `${REPO_ROOT}models`;
mkdirSync(dir, { recursive: true });

const own = messages('train');

if (wanted('sentiment-ko')) {
  log('sentiment-ko');
  trainSentimentKo(dir, nsmc('train'), own, log);
}

if (wanted('sentiment-en')) {
  log('sentiment-en');
  const ownEn = own.filter((m, i) => i % 2 === 0 && !m.hangul).map((m) => ({ text: m.text, y: m.sentiment, weight: 2 }));
  trainSoftmax(dir, 'sentiment-en', [...SENTIMENT_LABELS], fintweets('train'), { bits: 20, epochs: 6, lr: 0.2, holdout: 800, extra: ownEn }, log);
}

if (wanted('abuse-ko')) {
  log('abuse-ko');
  trainSoftmax(dir, 'abuse-ko', [...ABUSE_LABELS], hate('train'), { bits: 20, epochs: 6, lr: 0.2, holdout: 600, classWeights: [1, 1.1, 1.3] }, log);
}

if (wanted('intents')) {
  log('intents');
  // off-domain rows labelled "no intent": English finance news and positive movie reviews (negative
  // reviews are left out of training: their language is a complaint's). A disjoint off-domain slice
  // of both polarities is held out for choosing the threshold.
  const fin = shuffle(fintweets('train'), rng(6));
  const reviews = shuffle(nsmc('train'), rng(7));
  const background = [...fin.slice(0, 500), ...reviews.slice(0, 3000).filter((r) => r.y === 1)];
  const offDomainHeld = [...fin.slice(500, 800), ...reviews.slice(3000, 4000)];
  trainIntents(dir, [...INTENT_LABELS], own, background, offDomainHeld, log);
}

const dev = evaluateDev(dir);
const models = Object.fromEntries(
  MODEL_FILES.map((name) => {
    const model = LinearModel.load(`${dir}/${name}.bin.gz`);
    return [name, { bytes: statSync(`${dir}/${name}.bin.gz`).size, bits: model.spec.bits, outputs: model.header.outputs, meta: model.header.meta }];
  }),
);
const manifest = { models, dev };
writeFileSync(`${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
log(JSON.stringify(manifest, null, 2));
