/**
 * Writes the settled labels into the corpus: for every corpus file, the writer's first-pass labels
 * (corpus/review/<file>.writer.tsv, saved from the file the first time this runs) with the adjudicated
 * rows (corpus/review/<file>.settled.tsv) laid over them. Idempotent.
 *   npx tsx src/nlp/train/settle.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type CORPUS_COLUMNS, CORPUS_SPLITS, corpusFiles, REPO_ROOT } from './sets.js';
import { normIntents, readReview } from './agreement.js';

const REVIEW = `${REPO_ROOT}corpus/review/`;

export function settleFile(path: string): { rows: number; changed: number } {
  const file = path
    .split('/')
    .pop()!
    .replace(/\.tsv$/, '');
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]!.split('\t');
  const col = (c: (typeof CORPUS_COLUMNS)[number]): number => header.indexOf(c);
  const first = `${REVIEW}${file}.writer.tsv`;
  if (!existsSync(first)) {
    const out = ['id\tintents\tsentiment\tabuse'];
    for (const l of lines.slice(1)) {
      if (!l.trim()) continue;
      const f = l.split('\t');
      out.push([f[col('id')], normIntents(f[col('intents')]!), f[col('sentiment')], f[col('abuse')]].join('\t'));
    }
    writeFileSync(first, out.join('\n') + '\n');
  }
  const writer = readReview(first);
  const settledPath = `${REVIEW}${file}.settled.tsv`;
  const settled = existsSync(settledPath) ? readReview(settledPath) : new Map();
  let changed = 0;
  let rows = 0;
  const out = [lines[0]!];
  for (const l of lines.slice(1)) {
    if (!l.trim()) continue;
    rows++;
    const f = l.split('\t');
    const id = f[col('id')]!;
    const label = settled.get(id) ?? writer.get(id);
    if (!label) throw new Error(`${file}: no label for ${id}`);
    if (settled.has(id)) changed++;
    f[col('intents')] = label.intents;
    f[col('sentiment')] = label.sentiment;
    f[col('abuse')] = label.abuse;
    out.push(f.join('\t'));
  }
  writeFileSync(path, out.join('\n') + '\n');
  return { rows, changed };
}

if (process.argv[1]?.endsWith('settle.ts')) {
  for (const path of CORPUS_SPLITS.flatMap((s) => corpusFiles(s))) {
    const r = settleFile(path);
    console.log(`${path.split('/').pop()}: ${r.rows} rows, ${r.changed} settled by adjudication`);
  }
}
