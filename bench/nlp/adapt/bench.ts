/**
 * How much do corrections add on a domain the base model has not seen?
 *   npx tsx bench/nlp/adapt/bench.ts [--domain sector=insurance] [--sizes 50,200,1000] [--write]
 *
 * Reads the project corpus by column name (corpus/train/*.tsv + corpus/dev/*.tsv, or corpus/*.train.tsv +
 * corpus/*.dev.tsv; columns id, text, intents, sentiment, and optionally abuse, sector, channel, template).
 * Base: the shipped models. Domain:
 *  - with a `sector` or `channel` column: the rows of one value (--domain col=value); corrections come from
 *    that domain's training rows, figures from its dev rows;
 *  - without one (the generated corpus): the dev split, whose templates never occur in training, split by
 *    template into two halves: corrections from one half's rows, figures on the other half's rows (so no
 *    phrasing is shared between corrections and figures).
 * For each size N, N corrections (seeded shuffle) train an adaptation (src/nlp/adapt); F1 per task on the
 * held-out rows, base vs adapted, plus the labels changed on rows outside the domain (should stay few).
 * --write appends the table to bench/RESULTS.md with the machine and date.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzer, type Analysis } from '../../../src/nlp/index.js';
import { canonicalLabel, labelOf, score, train, type CorrectionTask, type Example, type Pair } from '../../../src/nlp/adapt/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

interface Row {
  id: string;
  text: string;
  split: 'train' | 'dev';
  cols: Record<string, string>;
}

function readTsv(file: string, split: Row['split']): Row[] {
  const [head, ...lines] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const names = head!.split('\t');
  return lines.map((l) => {
    const v = l.split('\t');
    const cols = Object.fromEntries(names.map((n, i) => [n, v[i] ?? '']));
    return { id: cols.id ?? '', text: cols.text ?? '', split, cols };
  });
}

function loadCorpus(): Row[] {
  const dir = path.join(ROOT, 'corpus');
  const rows: Row[] = [];
  for (const split of ['train', 'dev'] as const) {
    const sub = path.join(dir, split);
    if (existsSync(sub)) for (const f of readdirSync(sub).filter((f) => f.endsWith('.tsv'))) rows.push(...readTsv(path.join(sub, f), split));
    for (const f of readdirSync(dir).filter((f) => f.endsWith(`.${split}.tsv`))) rows.push(...readTsv(path.join(dir, f), split));
  }
  return rows.filter((r) => r.text);
}

/** The row's gold labels per task, in the adaptation's canonical form. */
function goldOf(r: Row): Partial<Record<CorrectionTask, string>> {
  const out: Partial<Record<CorrectionTask, string>> = {};
  const s = canonicalLabel('sentiment', r.cols.sentiment ?? '');
  if (s) out.sentiment = s;
  if (r.cols.intents !== undefined) {
    const list = r.cols.intents
      .split(/[,|;]/)
      .map((x) => x.trim())
      .filter((x) => x && x !== 'none');
    out.complaint = list.includes('complaint') ? 'yes' : 'no';
    const rest = canonicalLabel('intents', list.filter((x) => x !== 'complaint').join(',') || 'none');
    if (rest) out.intents = rest;
  }
  const a = r.cols.abuse ? canonicalLabel('abuse', r.cols.abuse) : null;
  if (a) out.abuse = a;
  return out;
}

function shuffle<T>(xs: T[], seed = 7): T[] {
  const a = xs.slice();
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const rows = loadCorpus();
const columns = new Set(rows.flatMap((r) => Object.keys(r.cols)));
let domainCol = opt('domain')?.split('=')[0] ?? (columns.has('sector') ? 'sector' : columns.has('channel') ? 'channel' : undefined);
let domainValue = opt('domain')?.split('=')[1] ?? (domainCol === 'sector' ? 'insurance' : domainCol === 'channel' ? 'app_review' : undefined);
let pool: Row[];
let heldOut: Row[];
let outside: Row[];
let protocol: string;
if (domainCol && columns.has(domainCol) && domainValue) {
  const inDomain = (r: Row) => r.cols[domainCol!] === domainValue;
  pool = rows.filter((r) => inDomain(r) && r.split === 'train');
  heldOut = rows.filter((r) => inDomain(r) && r.split === 'dev');
  outside = rows.filter((r) => !inDomain(r) && r.split === 'dev');
  protocol = `domain ${domainCol}=${domainValue}: corrections from its ${pool.length} training rows, figures on its ${heldOut.length} dev rows; shipped models as the base`;
} else {
  domainCol = 'template';
  domainValue = undefined;
  const dev = rows.filter((r) => r.split === 'dev');
  const templates = shuffle([...new Set(dev.map((r) => r.cols.template ?? r.id))]);
  const half = new Set(templates.slice(0, Math.ceil(templates.length / 2)));
  pool = dev.filter((r) => half.has(r.cols.template ?? r.id));
  heldOut = dev.filter((r) => !half.has(r.cols.template ?? r.id));
  outside = rows.filter((r) => r.split === 'train').slice(0, 600);
  protocol = `dev split (templates never in training), ${templates.length} templates halved: corrections from ${pool.length} rows of one half, figures on ${heldOut.length} rows of the other; shipped models as the base`;
}

const analyzer = createAnalyzer({ explain: false });
const baseOf = new Map<string, Analysis>();
const base = (r: Row) => baseOf.get(r.id + r.split) ?? baseOf.set(r.id + r.split, analyzer.analyze(r.text)).get(r.id + r.split)!;
const TASKS: CorrectionTask[] = ['sentiment', 'complaint', 'intents', 'abuse'];

function figures(evalRows: Row[], predict: (r: Row) => Analysis) {
  const pairs: Partial<Record<CorrectionTask, Pair[]>> = {};
  for (const r of evalRows) {
    const gold = goldOf(r);
    const a = predict(r);
    for (const t of TASKS) if (gold[t] !== undefined) (pairs[t] ??= []).push({ gold: gold[t]!, predicted: labelOf(a, t) });
  }
  return Object.fromEntries(TASKS.filter((t) => pairs[t]?.length).map((t) => [t, score(t, pairs[t]!)]));
}

const sizes = (opt('sizes') ?? '50,200,1000').split(',').map(Number);
const before = figures(heldOut, base);
const results: Array<{ n: number; used: number; seconds: number; after: ReturnType<typeof figures>; outsideChanged: number }> = [];
const shuffled = shuffle(pool, 11);
for (const n of sizes) {
  const used = shuffled.slice(0, n);
  const examples: Example[] = used.map((r) => ({ text: r.text, base: base(r), labels: goldOf(r) }));
  const t0 = performance.now();
  const model = train(examples, opt('lambda') ? { lambda: Number(opt('lambda')) } : {});
  const seconds = (performance.now() - t0) / 1000;
  const after = figures(heldOut, (r) => model.apply(r.text, base(r)));
  let changed = 0;
  for (const r of outside) {
    const a = model.apply(r.text, base(r));
    if (TASKS.some((t) => labelOf(a, t) !== labelOf(base(r), t))) changed++;
  }
  results.push({ n, used: used.length, seconds, after, outsideChanged: outside.length ? changed / outside.length : 0 });
}

const fmt = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));
const lines: string[] = [];
lines.push(`| corrections | ${TASKS.map((t) => `${t} F1 (base → adapted, ratio)`).join(' | ')} | outside rows changed | training s |`);
lines.push(`|---|${TASKS.map(() => '---').join('|')}|---|---|`);
for (const r of results) {
  const cells = TASKS.map((t) => {
    const b = (before as Record<string, { f1: number }>)[t]?.f1;
    const a = (r.after as Record<string, { f1: number }>)[t]?.f1;
    return b === undefined ? '—' : `${fmt(b)} → ${fmt(a)} (×${a !== undefined && b > 0 ? (a / b).toFixed(2) : '—'})`;
  });
  lines.push(`| ${r.used}${r.used < r.n ? ` (of ${r.n} asked; pool exhausted)` : ''} | ${cells.join(' | ')} | ${(r.outsideChanged * 100).toFixed(1)} % | ${r.seconds.toFixed(2)} |`);
}
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.versions.node}, load average ${loadavg()[0]!.toFixed(1)}`;
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const report = [
  '',
  '## Adaptation from corrections (bench/nlp/adapt)',
  '',
  `\`npx tsx bench/nlp/adapt/bench.ts --write\` on ${date} UTC, ${machine}. Protocol: ${protocol}. F1 as the`,
  'adaptation measures it (macro-F1 sentiment/abuse, F1 of "complaint", micro-F1 over the five intents); the base',
  'column is the baseline in the same run. "Outside rows changed": share of rows outside the domain (or, for the',
  'generated corpus, training rows) where any of the four labels changed — what the adaptation does to the rest.',
  '',
  ...lines,
  '',
].join('\n');
process.stdout.write(`${report}\n`);
if (args.includes('--write')) appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), report);
