/** Reads the labelled TSV sets (header id, text, label). */
import { readFileSync } from 'node:fs';

export interface Row {
  id: string;
  text: string;
  label: string;
}

export function readTsv(path: string): Row[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]!.split('\t');
  const id = header.indexOf('id');
  const text = header.indexOf('text');
  const label = header.indexOf('label');
  const rows: Row[] = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const cols = line.split('\t');
    rows.push({ id: cols[id] ?? '', text: cols[text] ?? '', label: cols[label] ?? '' });
  }
  return rows;
}
