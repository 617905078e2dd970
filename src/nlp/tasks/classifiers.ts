/** The task classifiers over the committed linear models: sentiment, abuse, complaint and intents. */
import type { FeatureBuffer } from '../model/features.js';
import type { Contribution, LinearModel } from '../model/linear-model.js';
import type { Language } from '../language.js';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const ABUSE_LABELS = ['none', 'offensive', 'hate'] as const;
export const INTENT_LABELS = ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const;

export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];
export type AbuseLabel = (typeof ABUSE_LABELS)[number];
export type IntentLabel = (typeof INTENT_LABELS)[number];

export interface SentimentResult {
  label: SentimentLabel;
  probs: Record<SentimentLabel, number>;
  /** Words that pushed towards the label (empty when explanations are off). */
  explanation: Contribution[];
}

export interface AbuseResult {
  label: AbuseLabel;
  probs: Record<AbuseLabel, number>;
  explanation: Contribution[];
}

export interface IntentResult {
  /** Labels whose probability reaches their threshold. */
  labels: IntentLabel[];
  probs: Record<IntentLabel, number>;
  explanation: Partial<Record<IntentLabel, Contribution[]>>;
}

interface Band {
  a: number;
  b: number;
  c: number;
}

function softmax3(a: number, b: number, c: number): [number, number, number] {
  const m = Math.max(a, b, c);
  const ea = Math.exp(a - m);
  const eb = Math.exp(b - m);
  const ec = Math.exp(c - m);
  const z = ea + eb + ec;
  return [ea / z, eb / z, ec / z];
}

function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** Direction for explaining class k of a softmax: one-hot minus the mean. */
function softmaxDirection(K: number, k: number): number[] {
  return Array.from({ length: K }, (_, i) => (i === k ? 1 : 0) - 1 / K);
}

export class SentimentClassifier {
  private readonly band: Band;
  private readonly enTemperature: number;
  private readonly s1 = new Float64Array(1);
  private readonly s3 = new Float64Array(3);

  constructor(private readonly ko: LinearModel, private readonly en: LinearModel) {
    this.band = ko.header.meta.band as Band;
    this.enTemperature = (en.header.meta.temperature as number | undefined) ?? 1;
  }

  /** Korean polarity score (log-odds positive vs negative before calibration). */
  polarity(text: string): number {
    return this.ko.score(text, this.s1)[0]!;
  }

  classify(text: string, language: Language, explain = true, buf?: FeatureBuffer): SentimentResult {
    let p: [number, number, number];
    const useEnglish = language === 'en';
    const model = useEnglish ? this.en : this.ko;
    if (buf) model.scoreBuffer(buf, useEnglish ? this.s3 : this.s1);
    else model.score(text, useEnglish ? this.s3 : this.s1);
    if (useEnglish) {
      const T = this.enTemperature;
      p = softmax3(this.s3[0]! / T, this.s3[1]! / T, this.s3[2]! / T);
    } else {
      const z = this.s1[0]!;
      const { a, b, c } = this.band;
      p = softmax3(-b * z, a - c * Math.abs(z), b * z);
    }
    const k = argmax(p);
    const label = SENTIMENT_LABELS[k]!;
    let explanation: Contribution[] = [];
    if (explain) {
      if (useEnglish) explanation = this.en.explain(text, softmaxDirection(3, k), 5);
      else if (label !== 'neutral') explanation = this.ko.explain(text, [label === 'positive' ? 1 : -1], 5);
    }
    return { label, probs: { negative: round(p[0]), neutral: round(p[1]), positive: round(p[2]) }, explanation };
  }
}

export class AbuseClassifier {
  private readonly temperature: number;
  private readonly s = new Float64Array(3);

  constructor(private readonly model: LinearModel) {
    this.temperature = (model.header.meta.temperature as number | undefined) ?? 1;
  }

  classify(text: string, explain = true, buf?: FeatureBuffer): AbuseResult {
    if (buf) this.model.scoreBuffer(buf, this.s);
    else this.model.score(text, this.s);
    const T = this.temperature;
    const p = softmax3(this.s[0]! / T, this.s[1]! / T, this.s[2]! / T);
    const k = argmax(p);
    const label = ABUSE_LABELS[k]!;
    const explanation = explain && label !== 'none' ? this.model.explain(text, softmaxDirection(3, k), 5) : [];
    return { label, probs: { none: round(p[0]), offensive: round(p[1]), hate: round(p[2]) }, explanation };
  }
}

export class IntentClassifier {
  private readonly thresholds: number[];
  private readonly s = new Float64Array(INTENT_LABELS.length);

  constructor(private readonly model: LinearModel) {
    this.thresholds = (model.header.meta.thresholds as number[] | undefined) ?? INTENT_LABELS.map(() => 0.5);
  }

  classify(text: string, explain = true, buf?: FeatureBuffer): IntentResult {
    if (buf) this.model.scoreBuffer(buf, this.s);
    else this.model.score(text, this.s);
    const probs = {} as Record<IntentLabel, number>;
    const labels: IntentLabel[] = [];
    const explanation: Partial<Record<IntentLabel, Contribution[]>> = {};
    INTENT_LABELS.forEach((name, k) => {
      const p = 1 / (1 + Math.exp(-this.s[k]!));
      probs[name] = round(p);
      if (p >= this.thresholds[k]!) {
        labels.push(name);
        if (explain) explanation[name] = this.model.explain(text, INTENT_LABELS.map((_, i) => (i === k ? 1 : 0)), 5);
      }
    });
    return { labels, probs, explanation };
  }
}
