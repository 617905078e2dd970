/** The training and evaluation sets: ../shared/data/nlp (read-only) and the project's corpus/. */
import { readdirSync, readFileSync } from 'node:fs';
import { readTsv } from './data.js';
import { ABUSE_LABELS, INTENT_LABELS, SENTIMENT_LABELS } from '../tasks/classifiers.js';

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
  /** Index into ABUSE_LABELS. */
  abuse: number;
  lang: string;
  sector: string;
  channel: string;
  speaker: string;
  writer: string;
  hangul: boolean;
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

/** The columns every corpus file has (docs/labelling.md). */
export const CORPUS_COLUMNS = ['id', 'text', 'lang', 'sector', 'channel', 'speaker', 'intents', 'sentiment', 'abuse', 'writer'] as const;

/** Parses one corpus file (header by column name); throws on a malformed row, naming the file and line. */
export function readCorpusFile(path: string): Message[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]!.split('\t');
  const col = Object.fromEntries(CORPUS_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CORPUS_COLUMNS)[number], number>;
  for (const [c, i] of Object.entries(col)) if (i < 0) throw new Error(`${path}: no column ${c}`);
  const out: Message[] = [];
  lines.slice(1).forEach((line, n) => {
    if (!line.trim()) return;
    const f = line.split('\t');
    const get = (c: (typeof CORPUS_COLUMNS)[number]): string => (f[col[c]] ?? '').trim();
    let bits = 0;
    for (const name of get('intents').split(',')) {
      const k = (INTENT_LABELS as readonly string[]).indexOf(name.trim());
      if (k >= 0) bits |= 1 << k;
      else if (name.trim() !== 'none') throw new Error(`${path}:${n + 2}: unknown intent ${name}`);
    }
    const sentiment = (SENTIMENT_LABELS as readonly string[]).indexOf(get('sentiment'));
    const abuse = (ABUSE_LABELS as readonly string[]).indexOf(get('abuse'));
    if (sentiment < 0 || abuse < 0) throw new Error(`${path}:${n + 2}: bad sentiment or abuse label`);
    const text = get('text');
    out.push({ id: get('id'), text, intents: bits, sentiment, abuse, lang: get('lang'), sector: get('sector'), channel: get('channel'), speaker: get('speaker'), writer: get('writer'), hangul: /[가-힣]/.test(text) });
  });
  return out;
}

/**
 * The corpus splits: `train` (read by `npm run train`), `dev` (written apart, read only by the evaluator) and
 * `holdout` (the fifth wave of writers, session 11: written under the current guide by writers who never saw a
 * training row, kept out of training and read only by the evaluator).
 */
export const CORPUS_SPLITS = ['train', 'dev', 'holdout'] as const;
export type CorpusSplit = (typeof CORPUS_SPLITS)[number];

/** Every file of one split: corpus/<split>/*.tsv, one file per writer. */
export function corpusFiles(split: CorpusSplit): string[] {
  const dir = `${REPO_ROOT}corpus/${split}/`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((f) => dir + f);
}

export function messages(split: CorpusSplit): Message[] {
  return corpusFiles(split).flatMap(readCorpusFile);
}

/** Real English tweets to companies (evaluation only: no licence to train on; see ../shared README). */
export function complaintsEn(): Labelled[] {
  return readTsv(`${SHARED_NLP}complaints_en.eval.tsv`).map((r) => ({ text: r.text, y: r.label === 'complaint' ? 1 : 0 }));
}
