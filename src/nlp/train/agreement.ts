/**
 * Agreement between the writer's first-pass labels (corpus/review/<file>.writer.tsv) and the blind second
 * pass (corpus/review/<file>.<reviewer>.tsv): raw agreement and Cohen's kappa per column, and per intent.
 * The corpus files themselves hold the settled labels (src/nlp/train/settle.ts).
 *   npx tsx src/nlp/train/agreement.ts            (prints a Markdown table)
 *   npx tsx src/nlp/train/agreement.ts --disagreements DIR   (also writes one TSV of disagreements per file)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { INTENT_LABELS } from '../tasks/classifiers.js';
import { CORPUS_SPLITS, corpusFiles, readCorpusFile, REPO_ROOT, type Message } from './sets.js';

export interface Review {
  id: string;
  intents: string;
  sentiment: string;
  abuse: string;
}

export function readReview(path: string): Map<string, Review> {
  const out = new Map<string, Review>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (!line.trim()) continue;
    const [id, intents, sentiment, abuse] = line.split('\t').map((s) => s.trim()) as [string, string, string, string];
    out.set(id, { id, intents: normIntents(intents), sentiment, abuse });
  }
  return out;
}

export function normIntents(s: string): string {
  const set = new Set(
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x && x !== 'none'),
  );
  const list = INTENT_LABELS.filter((l) => set.has(l));
  return list.length ? list.join(',') : 'none';
}

function intentsOf(m: Message): string {
  return normIntents(INTENT_LABELS.filter((_, k) => ((m.intents >> k) & 1) === 1).join(','));
}

const SENT = ['negative', 'neutral', 'positive'];
const ABUSE = ['none', 'offensive', 'hate'];

/** Cohen's kappa for two label sequences. */
export function kappa(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  if (n === 0) return 0;
  const labels = [...new Set([...a, ...b])];
  let agree = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) agree++;
  const po = agree / n;
  let pe = 0;
  for (const l of labels) pe += (a.filter((x) => x === l).length / n) * (b.filter((x) => x === l).length / n);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
}

export interface Agreement {
  file: string;
  reviewer: string;
  rows: number;
  sentiment: { agree: number; kappa: number };
  abuse: { agree: number; kappa: number };
  intentsExact: number;
  intent: Record<string, { agree: number; kappa: number }>;
}

export function agreementFor(rows: Message[], review: Map<string, Review>, file: string, reviewer: string): Agreement {
  const both = rows.filter((m) => review.has(m.id));
  const r = both.map((m) => review.get(m.id)!);
  const pair = (x: string[], y: string[]) => ({ agree: round(x.filter((v, i) => v === y[i]).length / Math.max(1, x.length)), kappa: round(kappa(x, y)) });
  const intent: Agreement['intent'] = {};
  INTENT_LABELS.forEach((name, k) => {
    intent[name] = pair(
      both.map((m) => String(((m.intents >> k) & 1) === 1)),
      r.map((v) => String(v.intents.split(',').includes(name))),
    );
  });
  return {
    file,
    reviewer,
    rows: both.length,
    sentiment: pair(
      both.map((m) => SENT[m.sentiment]!),
      r.map((v) => v.sentiment),
    ),
    abuse: pair(
      both.map((m) => ABUSE[m.abuse]!),
      r.map((v) => v.abuse),
    ),
    intentsExact: round(both.filter((m, i) => intentsOf(m) === r[i]!.intents).length / Math.max(1, both.length)),
    intent,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

const NOT_REVIEWERS = new Set(['writer', 'settled']);
const REVIEW_DIR = `${REPO_ROOT}corpus/review/`;

/** The blind reviews of one corpus file: [reviewer, path]. */
export function reviewsOf(file: string): Array<[string, string]> {
  if (!existsSync(REVIEW_DIR)) return [];
  return readdirSync(REVIEW_DIR)
    .map((f) => /^([^.]+)\.([^.]+)\.tsv$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === file && !NOT_REVIEWERS.has(m[2]!))
    .map((m) => [m[2]!, REVIEW_DIR + m[0]]);
}

/** A corpus file with the writer's first-pass labels in place of the settled ones. */
export function writerRows(path: string): Message[] {
  const file = path
    .split('/')
    .pop()!
    .replace(/\.tsv$/, '');
  const rows = readCorpusFile(path);
  const first = `${REVIEW_DIR}${file}.writer.tsv`;
  if (!existsSync(first)) return rows;
  const w = readReview(first);
  return rows.map((m) => {
    const v = w.get(m.id);
    if (!v) return m;
    const bits = v.intents.split(',').reduce((b, l) => b | ((INTENT_LABELS as readonly string[]).includes(l) ? 1 << (INTENT_LABELS as readonly string[]).indexOf(l) : 0), 0);
    return { ...m, intents: bits, sentiment: SENT.indexOf(v.sentiment), abuse: ABUSE.indexOf(v.abuse) };
  });
}

/** Every (corpus file, blind review) pair present under corpus/. */
export function allAgreements(): Agreement[] {
  const out: Agreement[] = [];
  for (const path of CORPUS_SPLITS.flatMap((s) => corpusFiles(s))) {
    const file = path
      .split('/')
      .pop()!
      .replace(/\.tsv$/, '');
    for (const [reviewer, r] of reviewsOf(file)) out.push(agreementFor(writerRows(path), readReview(r), file, reviewer));
  }
  return out;
}

export function disagreements(rows: Message[], review: Map<string, Review>): string[] {
  const out = ['id\ttext\twriter_intents\treviewer_intents\twriter_sentiment\treviewer_sentiment\twriter_abuse\treviewer_abuse'];
  for (const m of rows) {
    const v = review.get(m.id);
    if (!v) continue;
    const w = [intentsOf(m), SENT[m.sentiment]!, ABUSE[m.abuse]!];
    if (w[0] === v.intents && w[1] === v.sentiment && w[2] === v.abuse) continue;
    out.push([m.id, m.text, w[0], v.intents, w[1], v.sentiment, w[2], v.abuse].join('\t'));
  }
  return out;
}

function table(list: Agreement[]): string {
  const head = `| file | reviewer | rows | sentiment agree / κ | abuse agree / κ | intents exact | ${INTENT_LABELS.map((l) => `${l} κ`).join(' | ')} |`;
  const sep = `|${'---|'.repeat(6 + INTENT_LABELS.length)}`;
  const rows = list.map(
    (a) => `| ${a.file} | ${a.reviewer} | ${a.rows} | ${a.sentiment.agree} / ${a.sentiment.kappa} | ${a.abuse.agree} / ${a.abuse.kappa} | ${a.intentsExact} | ${INTENT_LABELS.map((l) => a.intent[l]!.kappa).join(' | ')} |`,
  );
  return [head, sep, ...rows].join('\n');
}

if (process.argv[1]?.endsWith('agreement.ts')) {
  const list = allAgreements();
  console.log(table(list));
  const i = process.argv.indexOf('--disagreements');
  if (i > 0) {
    const out = process.argv[i + 1]!;
    for (const path of CORPUS_SPLITS.flatMap((s) => corpusFiles(s))) {
      const file = path
        .split('/')
        .pop()!
        .replace(/\.tsv$/, '');
      for (const [, r] of reviewsOf(file)) writeFileSync(`${out}/${file}.disagreements.tsv`, disagreements(writerRows(path), readReview(r)).join('\n') + '\n');
    }
  }
}
