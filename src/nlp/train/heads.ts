/**
 * The customer-message models ("heads"): sentiment, intents (complaint among them) and abuse, trained
 * on the hand-written corpus (corpus/train) over n-grams, lemmas, the finance cue lexicon and the prior
 * tokens of the public-set models (model/priors.ts). Calibration (temperatures, intent thresholds, the
 * intents' NB blend weights, the abuse decision threshold) comes from out-of-fold predictions on the
 * training rows: the dev split is never read here.
 */
import type { FeatureSpec } from '../model/features.js';
import { FeatureBuffer, featurize } from '../model/features.js';
import { LinearModel } from '../model/linear-model.js';
import { Priors } from '../model/priors.js';
import { detectLanguage } from '../language.js';
import { encode, nbRatios, scoreEncoded, subsetEncoded, trainLinear, type Encoded, type Example } from './linear.js';
import { fitTemperature, softmax } from './calibrate.js';
import { prevalenceWeights, weightedF1 } from './metrics.js';
import { save, type Built } from './tasks.js';
import type { Message } from './sets.js';

/**
 * No spaceless character n-grams (session 9): dropping them left every head's out-of-fold figures level or a
 * little higher (intents mean F1 0.794 → 0.796, sentiment 0.819 → 0.823) and makes featurising cheaper.
 */
export const HEAD_SPEC: FeatureSpec = { bits: 20, charMin: 1, charMax: 4, wordMax: 2, stems: true, lemmas: true, spacelessMax: 0, cues: true, priors: true };

interface HeadOptions {
  epochs: number;
  lr: number;
  l2?: number;
}

const SENT: HeadOptions = { epochs: 6, lr: 0.15 };
const INTENT: HeadOptions = { epochs: 6, lr: 0.2 };
const ABUSE: HeadOptions = { epochs: 6, lr: 0.15 };
const FOLDS = 5;
const SEEDS = [1, 2];
/** NB smoothing of the intents' NB-weighted models. */
const NB_ALPHA = 0.5;
/** Blend weights of the NB-weighted intents model tried per label (chosen on out-of-fold F1). */
const BLENDS = [0, 0.25, 0.5, 0.75, 1];
/**
 * The training files written as ordinary traffic (the first wave's briefs asked for no particular mix). The
 * later briefs asked for many buying and leaving moments, so purchase and churn are two to three times as
 * common in the training rows as in these files; a threshold that is best at the training rows' prevalence
 * over-predicts on ordinary traffic. Each intent's blend and threshold are therefore chosen on out-of-fold F1
 * with positive and negative rows weighted to the label's prevalence in these files (session 10; on held-out
 * ordinary writers, leave-one-writer-out, purchase F1 0.685 → 0.739 and churn 0.782 → 0.795:
 * bench/nlp/threshold-transfer.ts).
 */
export const ORDINARY_TRAFFIC: readonly string[] = ['ko-a', 'ko-b', 'en-a'];

/** Prior tokens of every row, from the prior models in `dir`. */
export function priorTokens(dir: string, rows: readonly { text: string }[]): number[][] {
  const load = (n: string): LinearModel => LinearModel.load(`${dir}/${n}.bin.gz`);
  const ko = load('sentiment-ko');
  const priors = new Priors({ ko, en: load('sentiment-en'), abuse: load('abuse-ko') });
  const buf = new FeatureBuffer();
  return rows.map((r) => {
    featurize(r.text, ko.spec, buf);
    return priors.tokens(r.text, detectLanguage(r.text).language, buf);
  });
}

function fit(data: Encoded, K: number, multiLabel: boolean, o: HeadOptions, classWeights?: number[], seeds: readonly number[] = SEEDS): Float32Array {
  const avg = new Float32Array((1 << HEAD_SPEC.bits) * K);
  for (const seed of seeds) {
    const W = trainLinear(data, HEAD_SPEC, { classes: K, multiLabel, epochs: o.epochs, lr: o.lr, l2: o.l2, seed, classWeights });
    for (let j = 0; j < W.length; j++) avg[j] = avg[j]! + W[j]! / seeds.length;
  }
  return avg;
}

/**
 * NB-weighted logistic regression per intent (NB-SVM style): label k's model reads each feature scaled by
 * its naive-Bayes log-count ratio for k (fitted on `data` only), and the ratio is folded back into the
 * weights, so the result is an ordinary weight matrix over the same buckets ([bucket * K + k]).
 */
function fitNb(data: Encoded, K: number, o: HeadOptions, seeds: readonly number[] = SEEDS): Float32Array {
  const D = 1 << HEAD_SPEC.bits;
  const out = new Float32Array(D * K);
  for (let k = 0; k < K; k++) {
    const dk: Encoded = { ...data, y: Int32Array.from(data.y, (b) => (b >> k) & 1) };
    const r = nbRatios(dk, HEAD_SPEC.bits, NB_ALPHA);
    r[D - 1] = 1; // the bias bucket
    for (const seed of seeds) {
      const W = trainLinear(dk, HEAD_SPEC, { classes: 1, multiLabel: true, epochs: o.epochs, lr: o.lr, l2: o.l2, seed, featureScale: r });
      for (let j = 0; j < D; j++) out[j * K + k] = out[j * K + k]! + (W[j]! * r[j]!) / seeds.length;
    }
  }
  return out;
}

/** Per label k: (1 − blend[k]) · a + blend[k] · b. */
function blend(a: Float32Array, b: Float32Array, K: number, weights: readonly number[]): Float32Array {
  const out = new Float32Array(a.length);
  for (let j = 0; j < a.length; j++) {
    const w = weights[j % K]!;
    out[j] = (1 - w) * a[j]! + w * b[j]!;
  }
  return out;
}

/**
 * Out-of-fold raw scores of the first `n` rows (the own corpus): every row scored by a model that did
 * not see it. Rows after `n` (public-set rows) are in every fold's training data and never scored.
 */
function outOfFold(
  data: Encoded,
  n: number,
  K: number,
  multiLabel: boolean,
  o: HeadOptions,
  classWeights?: number[],
  fitter: (d: Encoded, seeds: readonly number[]) => Float32Array = (d, seeds) => fit(d, K, multiLabel, o, classWeights, seeds),
): number[][] {
  const scores: number[][] = new Array(n);
  const out = new Float64Array(K);
  for (let f = 0; f < FOLDS; f++) {
    const train: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < data.y.length; i++) (i < n && i % FOLDS === f ? held : train).push(i);
    // one seed per fold: the folds only estimate calibration; the shipped model averages SEEDS
    const W = fitter(subsetEncoded(data, train), [SEEDS[0]!]);
    for (const i of held) {
      scoreEncoded(W, K, data, i, out);
      scores[i] = Array.from(out);
    }
  }
  return scores;
}

export interface HeadReport {
  sentimentTemperature: number;
  intentThresholds: number[];
  /** Per intent, the weight of the NB-weighted model in the blend. */
  intentBlend: number[];
  /** Per intent, the prevalence (in the ordinary-traffic files) its threshold was chosen for. */
  intentPrevalence: number[];
  abuse: { temperature: number; noneBelow: number; oofFalseAbuseRate: number };
  oof: { complaintF1: number; sentimentAccuracy: number; intentF1: number[] };
}

/** Public-set rows the heads also learn from, at a lower weight (labels already in the heads' classes). */
export interface AuxRows {
  sentiment: Example[];
  abuse: Example[];
}

/** Trains and writes models/sentiment.bin.gz, intents.bin.gz and abuse.bin.gz. */
export function trainHeads(dir: string, own: Message[], labels: { sentiment: string[]; intents: string[]; abuse: string[] }, aux: AuxRows, log: (s: string) => void): { built: Built[]; report: HeadReport } {
  const pri = priorTokens(dir, own);
  const withPriors = (rows: Example[]): Example[] => {
    const p = priorTokens(dir, rows);
    return rows.map((r, i) => ({ ...r, priors: p[i] }));
  };
  const ex = (y: (m: Message) => number): Example[] => own.map((m, i) => ({ text: m.text, y: y(m), priors: pri[i] }));
  const n = own.length;
  const built: Built[] = [];

  // sentiment: softmax, temperature from out-of-fold scores
  const sData = encode([...ex((m) => m.sentiment), ...withPriors(aux.sentiment)], HEAD_SPEC);
  const sOof = outOfFold(sData, n, 3, false, SENT);
  const sT = fitTemperature(
    sOof,
    own.map((m) => m.sentiment),
  );
  const sAcc = sOof.filter((s, i) => argmax(s) === own[i]!.sentiment).length / own.length;
  log(`  sentiment: out-of-fold accuracy ${sAcc.toFixed(4)}, temperature ${sT.toFixed(3)}`);
  built.push(save(dir, 'sentiment', HEAD_SPEC, labels.sentiment, fit(sData, 3, false, SENT), { temperature: sT, trainedOn: 'corpus/train (hand-written) + prior tokens', oofAccuracy: round(sAcc) }));

  // intents: independent sigmoids, each a blend of a plain and an NB-weighted logistic regression over the
  // same features (one weight matrix after folding); per label the blend weight and the threshold are
  // chosen on out-of-fold F1
  const K = labels.intents.length;
  const iData = encode(
    ex((m) => m.intents),
    HEAD_SPEC,
  );
  const iOof = outOfFold(iData, n, K, true, INTENT);
  const nbOof = outOfFold(iData, n, K, true, INTENT, undefined, (d, seeds) => fitNb(d, K, INTENT, seeds));
  const thresholds: number[] = [];
  const blends: number[] = [];
  const oofF1: number[] = [];
  const ordinary = own.filter((m) => ORDINARY_TRAFFIC.includes(m.writer));
  const prevalence: number[] = [];
  for (let k = 0; k < K; k++) {
    const gold = own.map((m) => ((m.intents >> k) & 1) === 1);
    // weights that give the label its ordinary-traffic prevalence (none when no ordinary file is present)
    const sample = gold.filter(Boolean).length / n;
    const target = ordinary.length ? ordinary.filter((m) => ((m.intents >> k) & 1) === 1).length / ordinary.length : sample;
    const { wPos, wNeg } = prevalenceWeights(sample, target);
    prevalence.push(round(target));
    let best = { f1: -1, t: 0.5, b: 0 };
    for (const b of BLENDS) {
      const p = iOof.map((s, i) => sigmoid((1 - b) * s[k]! + b * nbOof[i]![k]!));
      for (let t = 0.15; t <= 0.9001; t += 0.025) {
        const f = weightedF1(
          gold,
          p.map((x) => x >= t),
          wPos,
          wNeg,
        );
        if (f > best.f1 + 1e-9) best = { f1: f, t: Math.round(t * 1000) / 1000, b };
      }
    }
    thresholds.push(best.t);
    blends.push(best.b);
    oofF1.push(round(best.f1));
  }
  log(`  intents: ordinary-traffic prevalence ${prevalence.join(' ')}; NB blend ${blends.join(' ')}; thresholds ${thresholds.join(' ')}; out-of-fold F1 (weighted) ${oofF1.join(' ')}`);
  const iW = blend(fit(iData, K, true, INTENT), fitNb(iData, K, INTENT), K, blends);
  built.push(save(dir, 'intents', HEAD_SPEC, labels.intents, iW, { thresholds, nbBlend: blends, prevalence, trainedOn: 'corpus/train (hand-written) + prior tokens', oofF1 }));

  // abuse: softmax; a message is called abusive only when P(none) falls below a threshold chosen so
  // that at most 1.5 % of the non-abusive training rows (out of fold) would be flagged
  const aWeights = [1, 2, 3];
  const aData = encode([...ex((m) => m.abuse), ...withPriors(aux.abuse)], HEAD_SPEC);
  const aOof = outOfFold(aData, n, 3, false, ABUSE, aWeights);
  const aT = fitTemperature(
    aOof,
    own.map((m) => m.abuse),
  );
  const pNone = aOof.map((s) => softmax(s.map((v) => v / aT))[0]!);
  const clean = pNone.filter((_, i) => own[i]!.abuse === 0).sort((a, b) => a - b);
  const noneBelow = Math.min(0.5, clean[Math.floor(clean.length * 0.015)] ?? 0.5);
  const far = clean.filter((p) => p < noneBelow).length / Math.max(1, clean.length);
  log(`  abuse: temperature ${aT.toFixed(3)}, abusive when P(none) < ${noneBelow.toFixed(3)} (out-of-fold false abuse rate ${(far * 100).toFixed(2)} %)`);
  built.push(save(dir, 'abuse', HEAD_SPEC, labels.abuse, fit(aData, 3, false, ABUSE, aWeights), { temperature: aT, noneBelow, trainedOn: 'corpus/train (hand-written) + prior tokens (hate_ko)' }));

  const complaintF1 = oofF1[0]!;
  return {
    built,
    report: {
      sentimentTemperature: sT,
      intentThresholds: thresholds,
      intentBlend: blends,
      intentPrevalence: prevalence,
      abuse: { temperature: aT, noneBelow, oofFalseAbuseRate: round(far) },
      oof: { complaintF1, sentimentAccuracy: round(sAcc), intentF1: oofF1 },
    },
  };
}

const round = (x: number): number => Math.round(x * 10000) / 10000;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function argmax(xs: readonly number[]): number {
  let b = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[b]!) b = i;
  return b;
}
