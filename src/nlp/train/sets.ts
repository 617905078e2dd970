/** The training and evaluation sets: ../shared/data/nlp (read-only) and the project's corpus/. */
import { readFileSync } from 'node:fs';
import { readTsv } from './data.js';
import { INTENT_LABELS, SENTIMENT_LABELS } from '../tasks/classifiers.js';

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
export const SHARED_NLP = new URL('../shared/data/nlp/', 'file://' + REPO_ROOT).pathname;

export interface Labelled {
  text: string;
  y: number;
}

export interface Message {
  id: string;
  text: string;
  /** Bit k set when INTENT_LABELS[k] applies. */
  intents: number;
  /** Index into SENTIMENT_LABELS. */
  sentiment: number;
  hangul: boolean;
  /** Generator template index (rows of one template share phrasing). */
  template: number;
}

const FIN = ['negative', 'neutral', 'positive'];
const HATE = ['none', 'offensive', 'hate'];

export function nsmc(split: 'train' | 'dev'): Labelled[] {
  return readTsv(`${SHARED_NLP}nsmc_ko.${split}.tsv`).map((r) => ({ text: r.text, y: Number(r.label) }));
}

export function fintweets(split: 'train' | 'dev'): Labelled[] {
  return readTsv(`${SHARED_NLP}fintweets_en.${split}.tsv`).map((r) => ({ text: r.text, y: FIN.indexOf(r.label) }));
}

export function hate(split: 'train' | 'dev'): Labelled[] {
  return readTsv(`${SHARED_NLP}hate_ko.${split}.tsv`).map((r) => ({ text: r.text, y: HATE.indexOf(r.label) }));
}

export function messages(split: 'train' | 'dev'): Message[] {
  const lines = readFileSync(`${REPO_ROOT}corpus/messages.${split}.tsv`, 'utf8').split('\n').slice(1);
  return lines.filter(Boolean).map((line) => {
    const [id, text, intents, sentiment, template] = line.split('\t') as [string, string, string, string, string];
    let bits = 0;
    for (const name of intents.split(',')) {
      const k = (INTENT_LABELS as readonly string[]).indexOf(name);
      if (k >= 0) bits |= 1 << k;
    }
    return { id, text, intents: bits, sentiment: (SENTIMENT_LABELS as readonly string[]).indexOf(sentiment), hangul: /[가-힣]/.test(text), template: Number(template) };
  });
}
