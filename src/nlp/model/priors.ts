/**
 * What the public sets teach, as features of the customer-message models: the movie-review polarity
 * (nsmc_ko), the finance-tweet sentiment (fintweets_en) and the comment abuse model (hate_ko) each
 * score the text, and their scores enter the customer models as a few binned tokens. The customer
 * models learn, from messages written the way customers write, how far to trust each of them: an
 * angry complaint reads as "offensive" to a model of entertainment comments; the prior says so, and
 * the customer model learns that this alone is not abuse.
 */
import type { Language } from '../language.js';
import type { FeatureBuffer } from './features.js';
import type { LinearModel } from './linear-model.js';

export interface PriorModels {
  /** Korean polarity (one output: log-odds positive vs negative). */
  ko: LinearModel;
  /** English sentiment (negative, neutral, positive). */
  en: LinearModel;
  /** Korean abuse (none, offensive, hate). */
  abuse: LinearModel;
}

const LANG_TOKEN: Record<Language, number> = { ko: 0, en: 1, mixed: 2, other: 3 };
const HANGUL = /[\uac00-\ud7a3]/;
const LATIN_WORD = /[A-Za-z]{3,}/;

/** Cut points of the Korean polarity score (log-odds). */
const KO_CUTS = [-3, -1.5, -0.5, 0.5, 1.5, 3];
/** Cut points of probabilities. */
const P_CUTS = [0.2, 0.4, 0.6, 0.8];

function bin(x: number, cuts: readonly number[]): number {
  let i = 0;
  while (i < cuts.length && x >= cuts[i]!) i++;
  return i;
}

function softmax(s: Float64Array, T: number): number[] {
  let m = -Infinity;
  for (const v of s) m = Math.max(m, v / T);
  const e = Array.from(s, (v) => Math.exp(v / T - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** Computes prior tokens; reuses its score arrays, so one instance serves one thread of work. */
export class Priors {
  private readonly s1 = new Float64Array(1);
  private readonly s3 = new Float64Array(3);
  private readonly enT: number;
  private readonly abuseT: number;

  constructor(private readonly models: PriorModels) {
    this.enT = (models.en.header.meta.temperature as number | undefined) ?? 1;
    this.abuseT = (models.abuse.header.meta.temperature as number | undefined) ?? 1;
  }

  /** Korean polarity log-odds of already-featurised text (the prior models share one spec). */
  polarity(buf: FeatureBuffer): number {
    this.models.ko.scoreBuffer(buf, this.s1);
    return this.s1[0]!;
  }

  /**
   * Prior tokens of a text whose base features are in `buf` (featurised with the prior models'
   * spec). Token ranges: 0-3 language, 10-16 Korean polarity, 20-34 English sentiment, 40-44 abuse.
   */
  tokens(text: string, language: Language, buf: FeatureBuffer): number[] {
    const out = [LANG_TOKEN[language]];
    if (HANGUL.test(text)) out.push(10 + bin(this.polarity(buf), KO_CUTS));
    if (LATIN_WORD.test(text)) {
      this.models.en.scoreBuffer(buf, this.s3);
      const p = softmax(this.s3, this.enT);
      out.push(20 + bin(p[0]!, P_CUTS), 25 + bin(p[1]!, P_CUTS), 30 + bin(p[2]!, P_CUTS));
    }
    this.models.abuse.scoreBuffer(buf, this.s3);
    const a = softmax(this.s3, this.abuseT);
    out.push(40 + bin(a[1]! + a[2]!, P_CUTS));
    return out;
  }
}
