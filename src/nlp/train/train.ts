/**
 * `npm run train`: trains every model from ../shared/data/nlp and corpus/train, writes models/*.bin.gz
 * and models/manifest.json (sizes, out-of-fold figures and dev scores). Deterministic: fixed seeds, no
 * clock or Math.random. The dev split (corpus/dev) is read only by the evaluation at the end.
 */
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { MODEL_FILES } from '../index.js';
import { LinearModel } from '../model/linear-model.js';
import { ABUSE_LABELS, INTENT_LABELS, SENTIMENT_LABELS } from '../tasks/classifiers.js';
import { evaluateDev } from './evaluate.js';
import { fintweets, hate, messages, nsmc, REPO_ROOT } from './sets.js';
import { trainSentimentKo, trainSoftmax } from './tasks.js';
import { trainHeads } from './heads.js';
import { rng, shuffle } from './rng.js';

/** Movie reviews the sentiment head also reads (a sample: the prior already carries all 140,000). */
const AUX_NSMC = 15_000;

const log = (s: string): void => void process.stderr.write(s + '\n');
// `npm run train -- heads` retrains only the named models (sentiment-ko, sentiment-en, abuse-ko, heads; default: all);
// `--out DIR` writes to DIR instead of models/ (the priors are copied there first when only the heads are trained)
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const only = args.filter((a, i) => a !== '--out' && (outAt < 0 || i !== outAt + 1));
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
const dir = outAt >= 0 ? args[outAt + 1]! : `${REPO_ROOT}models`;
mkdirSync(dir, { recursive: true });
if (outAt >= 0) for (const f of MODEL_FILES) if (!existsSync(`${dir}/${f}.bin.gz`)) copyFileSync(`${REPO_ROOT}models/${f}.bin.gz`, `${dir}/${f}.bin.gz`);

const own = messages('train');

// priors: what the public sets teach
if (wanted('sentiment-ko')) {
  log('sentiment-ko (prior: nsmc_ko polarity)');
  trainSentimentKo(dir, nsmc('train'), log);
}
if (wanted('sentiment-en')) {
  log('sentiment-en (prior: fintweets_en)');
  trainSoftmax(dir, 'sentiment-en', [...SENTIMENT_LABELS], fintweets('train'), { bits: 20, epochs: 6, lr: 0.2, holdout: 800 }, log);
}
if (wanted('abuse-ko')) {
  log('abuse-ko (prior: hate_ko)');
  trainSoftmax(dir, 'abuse-ko', [...ABUSE_LABELS], hate('train'), { bits: 20, epochs: 6, lr: 0.2, holdout: 600, classWeights: [1, 1.1, 1.3] }, log);
}

// the customer-message models, on the hand-written corpus, reading the priors
let heads: unknown;
if (wanted('heads')) {
  log(`heads (customer messages: ${own.length} training rows)`);
  // public-set rows at a lower weight keep the heads' general polarity (movie reviews, finance news)
  // and insult vocabulary; the own corpus decides what a customer message means
  const reviews = shuffle(nsmc('train'), rng(31)).slice(0, AUX_NSMC);
  const aux = {
    sentiment: [...reviews.map((r) => ({ text: r.text, y: r.y === 1 ? 2 : 0, weight: 0.3 })), ...fintweets('train').map((r) => ({ text: r.text, y: r.y, weight: 0.3 }))],
    abuse: hate('train').map((r) => ({ text: r.text, y: r.y, weight: 0.15 })),
  };
  heads = trainHeads(dir, own, { sentiment: [...SENTIMENT_LABELS], intents: [...INTENT_LABELS], abuse: [...ABUSE_LABELS] }, aux, log).report;
}

const dev = evaluateDev(dir);
const models = Object.fromEntries(
  MODEL_FILES.map((name) => {
    const model = LinearModel.load(`${dir}/${name}.bin.gz`);
    return [name, { bytes: statSync(`${dir}/${name}.bin.gz`).size, bits: model.spec.bits, outputs: model.header.outputs, meta: model.header.meta }];
  }),
);
const manifest = { models, ...(heads ? { outOfFold: heads } : {}), dev };
writeFileSync(`${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
log(JSON.stringify(dev, null, 2));
