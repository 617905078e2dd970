/** The task classifiers over the committed linear models: sentiment, abuse, complaint and intents. */
import type { FeatureBuffer } from '../model/features.js';
import type { Contribution, LinearModel } from '../model/linear-model.js';

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

/**
 * The customer models share one feature spec: callers featurise a text once (with its prior tokens)
 * and every classifier scores that buffer. `text` and `priors` are needed again only to explain.
 */
export interface Scored {
  text: string;
  priors: readonly number[];
  buf: FeatureBuffer;
}

/** Sentiment of a customer message: softmax over negative, neutral, positive with a fitted temperature. */
export class SentimentClassifier {
  private readonly temperature: number;
  private readonly s = new Float64Array(3);

  constructor(private readonly model: LinearModel) {
    this.temperature = (model.header.meta.temperature as number | undefined) ?? 1;
  }

  classify(x: Scored, explain = true): SentimentResult {
    this.model.scoreBuffer(x.buf, this.s);
    const T = this.temperature;
    const p = softmax3(this.s[0]! / T, this.s[1]! / T, this.s[2]! / T);
    const k = argmax(p);
    const label = SENTIMENT_LABELS[k]!;
    const explanation = explain && label !== 'neutral' ? this.model.explain(x.text, softmaxDirection(3, k), 5, x.priors) : [];
    return { label, probs: { negative: round(p[0]), neutral: round(p[1]), positive: round(p[2]) }, explanation };
  }
}

/**
 * Abuse: insults and hate only. A message is abusive when P(none) falls below the threshold fitted so
 * that angry but clean customer messages stay "none"; offensive or hate is then the likelier of the two.
 */
export class AbuseClassifier {
  private readonly temperature: number;
  private readonly noneBelow: number;
  private readonly s = new Float64Array(3);

  constructor(private readonly model: LinearModel) {
    this.temperature = (model.header.meta.temperature as number | undefined) ?? 1;
    this.noneBelow = (model.header.meta.noneBelow as number | undefined) ?? 0.5;
  }

  classify(x: Scored, explain = true): AbuseResult {
    this.model.scoreBuffer(x.buf, this.s);
    const T = this.temperature;
    const p = softmax3(this.s[0]! / T, this.s[1]! / T, this.s[2]! / T);
    const k = p[0] >= this.noneBelow ? 0 : p[1] >= p[2] ? 1 : 2;
    const label = ABUSE_LABELS[k]!;
    const explanation = explain && label !== 'none' ? this.model.explain(x.text, softmaxDirection(3, k), 5, x.priors) : [];
    return { label, probs: { none: round(p[0]), offensive: round(p[1]), hate: round(p[2]) }, explanation };
  }
}

export class IntentClassifier {
  private readonly thresholds: number[];
  private readonly s = new Float64Array(INTENT_LABELS.length);

  constructor(private readonly model: LinearModel) {
    this.thresholds = (model.header.meta.thresholds as number[] | undefined) ?? INTENT_LABELS.map(() => 0.5);
  }

  classify(x: Scored, explain = true): IntentResult {
    this.model.scoreBuffer(x.buf, this.s);
    const probs = {} as Record<IntentLabel, number>;
    const labels: IntentLabel[] = [];
    const explanation: Partial<Record<IntentLabel, Contribution[]>> = {};
    INTENT_LABELS.forEach((name, k) => {
      const p = 1 / (1 + Math.exp(-this.s[k]!));
      probs[name] = round(p);
      if (p >= this.thresholds[k]!) {
        labels.push(name);
        if (explain)
          explanation[name] = this.model.explain(
            x.text,
            INTENT_LABELS.map((_, i) => (i === k ? 1 : 0)),
            5,
            x.priors,
          );
      }
    });
    return { labels, probs, explanation };
  }
}
