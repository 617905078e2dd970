/**
 * Sotong text analytics: language, sentiment, complaint and intents, abuse, keywords and personal
 * data for one item at a time, from the compact models committed in models/ (nothing downloaded).
 */
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { FeatureBuffer, featurize } from './model/features.js';
import { LinearModel } from './model/linear-model.js';
import { detectLanguage, type Language } from './language.js';
import { detectPii, type PiiFinding, type PiiOptions } from './pii/detect.js';
import { maskFindings } from './pii/mask.js';
import type { Tokenizer } from './tokenizer/port.js';
import { defaultTokenizer } from './tokenizer/korean.js';
import { keywordsOf } from './keywords/trending.js';
import { Priors } from './model/priors.js';
import { AbuseClassifier, IntentClassifier, SentimentClassifier, type AbuseResult, type IntentResult, type Scored, type SentimentResult } from './tasks/classifiers.js';

export type { Language } from './language.js';
export type { PiiFinding, PiiOptions, PiiType } from './pii/detect.js';
export type { Token, Tokenizer } from './tokenizer/port.js';
export type { Contribution } from './model/linear-model.js';
export type { AbuseResult, IntentResult, SentimentResult, SentimentLabel, AbuseLabel, IntentLabel } from './tasks/classifiers.js';
export { SENTIMENT_LABELS, ABUSE_LABELS, INTENT_LABELS } from './tasks/classifiers.js';
export { detectLanguage } from './language.js';
export { detectPii } from './pii/detect.js';
export { mask, maskFindings, maskValue } from './pii/mask.js';
export { KoreanTokenizer, defaultTokenizer } from './tokenizer/korean.js';
export { Adaptation, crossValidate, decodeAdaptation, encodeAdaptation, judge, train as trainAdaptation, CORRECTION_TASKS, INTENT_NAMES, canonicalLabel, intentSet, isCorrectionTask } from './adapt/index.js';
export type { CorrectionTask, Example as AdaptationExample, Figures } from './adapt/index.js';
export { trending, countTerms, keywordsOf, type Trending, type TrendingOptions } from './keywords/trending.js';
export { logOdds, type TermScore } from './keywords/logodds.js';
export { collocations, type Collocation } from './keywords/collocations.js';
export { topicClusters, type TopicCluster } from './keywords/clusters.js';
export { documentText, hashtagsOf, mentionsOf, phraseQuery, quoteLexeme, searchVector } from './search/search-vector.js';
export { charKind, containsSequence, foldText, isKoreanSuffix, matchesAnchored, normalizeTag, termNeedles } from './search/text-match.js';

export interface ComplaintResult {
  isComplaint: boolean;
  probability: number;
}

export interface Analysis {
  language: Language;
  sentiment: SentimentResult;
  complaint: ComplaintResult;
  intents: IntentResult;
  abuse: AbuseResult;
  keywords: string[];
  pii: PiiFinding[];
  /** The text with personal data masked (same length and offsets as the input). */
  masked: string;
}

export interface AnalyzerOptions {
  /** Folder holding the *.bin.gz models; default: models/ at the package root. */
  modelsDir?: string;
  tokenizer?: Tokenizer;
  /** Compute explanations (the words behind each prediction); default true. */
  explain?: boolean;
  pii?: PiiOptions;
}

export interface Analyzer {
  analyze(text: string): Analysis;
  language(text: string): Language;
  sentiment(text: string): SentimentResult;
  complaint(text: string): ComplaintResult;
  intents(text: string): IntentResult;
  abuse(text: string): AbuseResult;
  /** The Korean movie-review prior's polarity (log-odds positive vs negative), for nsmc evaluation. */
  polarity(text: string): number;
  pii(text: string): PiiFinding[];
  mask(text: string): string;
  keywords(text: string): string[];
  readonly tokenizer: Tokenizer;
}

/** models/ at the package root: src/nlp/ and dist/nlp/ are both two levels below it. */
export function defaultModelsDir(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}

/**
 * The committed models: three priors trained on the public sets (Korean movie-review polarity, English
 * finance-tweet sentiment, Korean comment abuse) and the three customer-message models trained on the
 * hand-written corpus, which read the priors' scores as features (model/priors.ts).
 */
export const MODEL_FILES = ['sentiment-ko', 'sentiment-en', 'abuse-ko', 'sentiment', 'intents', 'abuse'] as const;

function loadModel(dir: string, name: string): LinearModel {
  const path = `${dir.replace(/\/$/, '')}/${name}.bin.gz`;
  if (!existsSync(path)) throw new Error(`text analytics model missing: ${path} (run npm run train)`);
  return LinearModel.load(path);
}

/** Loads the models synchronously (about half a second) and returns an analyzer; reuse it. */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const dir = options.modelsDir ?? defaultModelsDir();
  const priorKo = loadModel(dir, 'sentiment-ko');
  const priors = new Priors({ ko: priorKo, en: loadModel(dir, 'sentiment-en'), abuse: loadModel(dir, 'abuse-ko') });
  const sentimentModel = loadModel(dir, 'sentiment');
  const sentiment = new SentimentClassifier(sentimentModel);
  const abuse = new AbuseClassifier(loadModel(dir, 'abuse'));
  const intents = new IntentClassifier(loadModel(dir, 'intents'));
  const tokenizer = options.tokenizer ?? defaultTokenizer;
  const explain = options.explain ?? true;
  const piiOptions = options.pii ?? {};
  const priorBuf = new FeatureBuffer();
  const headBuf = new FeatureBuffer();

  /** Featurises a text once for every customer model: prior tokens first, then the heads' features. */
  const score = (text: string, language: Language = detectLanguage(text).language): Scored => {
    featurize(text, priorKo.spec, priorBuf);
    const p = priors.tokens(text, language, priorBuf);
    featurize(text, sentimentModel.spec, headBuf, p);
    return { text, priors: p, buf: headBuf };
  };
  const complaintOf = (r: IntentResult): ComplaintResult => ({ isComplaint: r.labels.includes('complaint'), probability: r.probs.complaint });

  return {
    tokenizer,
    analyze(text: string): Analysis {
      const language = detectLanguage(text).language;
      const x = score(text, language);
      const s = sentiment.classify(x, explain);
      const a = abuse.classify(x, explain);
      const i = intents.classify(x, explain);
      const pii = detectPii(text, piiOptions);
      return {
        language,
        sentiment: s,
        complaint: complaintOf(i),
        intents: i,
        abuse: a,
        keywords: keywordsOf(text, tokenizer),
        pii,
        masked: pii.length ? maskFindings(text, pii) : text,
      };
    },
    language: (text) => detectLanguage(text).language,
    sentiment: (text) => sentiment.classify(score(text), explain),
    complaint: (text) => complaintOf(intents.classify(score(text), false)),
    intents: (text) => intents.classify(score(text), explain),
    abuse: (text) => abuse.classify(score(text), explain),
    polarity(text: string): number {
      featurize(text, priorKo.spec, priorBuf);
      return priors.polarity(priorBuf);
    },
    pii: (text) => detectPii(text, piiOptions),
    mask: (text) => maskFindings(text, detectPii(text, { ...piiOptions, includeValues: false })),
    keywords: (text) => keywordsOf(text, tokenizer),
  };
}
export { luhnValid } from './pii/validators.js';
