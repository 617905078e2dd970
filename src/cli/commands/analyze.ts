/** `sotong analyze`: batch text analytics over a TSV file (one task per run). */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../command.js';
import { ABUSE_LABELS, INTENT_LABELS, SENTIMENT_LABELS, createAnalyzer, defaultTokenizer, detectLanguage, detectPii, maskFindings, type Analyzer } from '../../nlp/index.js';

const TASKS = ['sentiment', 'complaint', 'abuse', 'intent', 'language', 'pii', 'tokens'] as const;
type Task = (typeof TASKS)[number];
const LANGUAGES = ['ko', 'en', 'other', 'mixed'] as const;

const USAGE = `Usage: sotong analyze --task TASK [--in FILE] [--out FILE]

Runs one text-analytics task over a TSV file and writes a TSV of predictions.

  --task TASK   sentiment | complaint | abuse | intent | language | pii | tokens
  --in FILE     input TSV with a header containing at least "id" and "text" (other columns are
                ignored); "-" or absent = standard input
  --out FILE    output TSV; "-" or absent = standard output

Output: header "id label" then one p_<label> column per label of the task:
  sentiment  p_negative p_neutral p_positive
  complaint  p_complaint p_not_complaint
  abuse      p_none p_offensive p_hate
  intent     p_complaint p_inquiry p_praise p_purchase p_churn p_fraud (label: labels joined by ",", or "none")
  language   p_ko p_en p_other p_mixed (rule-based: 1 for the detected label)
  pii        p_pii (highest finding confidence), then "findings" (type:start-end:confidence;...) and "masked"
  tokens     header "id terms": the text's words in dictionary form, space-separated (갈아탔어요 → 갈아타다)

Malformed rows are reported on stderr with their line numbers and skipped (exit code 3).`;

interface Args {
  task: Task;
  input: string;
  output: string;
}

function parseArgs(args: string[]): Args | 'help' {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const eq = arg.match(/^--(task|in|out)=(.*)$/);
    if (eq) {
      values[eq[1]!] = eq[2]!;
      continue;
    }
    const flag = arg.match(/^--(task|in|out)$/);
    if (!flag) throw new UsageError(`analyze: unknown argument "${arg}"`);
    const value = args[++i];
    if (value === undefined || (value.startsWith('--') && value !== '-')) throw new UsageError(`analyze: --${flag[1]} needs a value`);
    values[flag[1]!] = value;
  }
  if (!values.task) throw new UsageError(`analyze: --task is required (${TASKS.join(', ')})`);
  if (!(TASKS as readonly string[]).includes(values.task)) throw new UsageError(`analyze: unknown task "${values.task}" (${TASKS.join(', ')})`);
  return { task: values.task as Task, input: values.in ?? '-', output: values.out ?? '-' };
}

const fmt = (p: number): string => p.toFixed(4);
const clean = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

function headerFor(task: Task): string[] {
  switch (task) {
    case 'sentiment':
      return SENTIMENT_LABELS.map((l) => `p_${l}`);
    case 'complaint':
      return ['p_complaint', 'p_not_complaint'];
    case 'abuse':
      return ABUSE_LABELS.map((l) => `p_${l}`);
    case 'intent':
      return INTENT_LABELS.map((l) => `p_${l}`);
    case 'language':
      return LANGUAGES.map((l) => `p_${l}`);
    case 'pii':
      return ['p_pii', 'findings', 'masked'];
    case 'tokens':
      return [];
  }
}

function predict(task: Task, text: string, analyzer: () => Analyzer): string[] {
  switch (task) {
    case 'sentiment': {
      const r = analyzer().sentiment(text);
      return [r.label, ...SENTIMENT_LABELS.map((l) => fmt(r.probs[l]))];
    }
    case 'complaint': {
      const r = analyzer().complaint(text);
      return [r.isComplaint ? 'complaint' : 'not_complaint', fmt(r.probability), fmt(1 - r.probability)];
    }
    case 'abuse': {
      const r = analyzer().abuse(text);
      return [r.label, ...ABUSE_LABELS.map((l) => fmt(r.probs[l]))];
    }
    case 'intent': {
      const r = analyzer().intents(text);
      return [r.labels.join(',') || 'none', ...INTENT_LABELS.map((l) => fmt(r.probs[l]))];
    }
    case 'language': {
      const lang = detectLanguage(text).language;
      return [lang, ...LANGUAGES.map((l) => (l === lang ? '1.0000' : '0.0000'))];
    }
    case 'pii': {
      const found = detectPii(text, { includeValues: false });
      const top = found.reduce((m, f) => Math.max(m, f.confidence), 0);
      const findings = found.map((f) => `${f.type}:${f.start}-${f.end}:${f.confidence.toFixed(2)}`).join(';');
      return [found.length ? 'pii' : 'none', fmt(top), findings, clean(maskFindings(text, found))];
    }
    case 'tokens':
      return [defaultTokenizer.lemmas(text).join(' ')];
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'Run a text-analytics task (sentiment, complaint, abuse, intent, language, pii, tokens) over a TSV file',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args);
    if (parsed === 'help') {
      io.stdout.write(USAGE + '\n');
      return EXIT.ok;
    }
    const { task, input, output } = parsed;
    let source: Readable;
    if (input === '-') source = io.stdin;
    else {
      source = createReadStream(input);
      try {
        await once(source, 'open');
      } catch (err) {
        io.stderr.write(`sotong: analyze: cannot read ${input}: ${(err as Error).message}\n`);
        return EXIT.failure;
      }
    }
    let loaded: Analyzer | undefined;
    const analyzer = (): Analyzer => (loaded ??= createAnalyzer({ explain: false }));
    const out: Writable = output === '-' ? io.stdout : createWriteStream(output);
    if (out !== io.stdout) {
      try {
        await once(out, 'open');
      } catch (err) {
        io.stderr.write(`sotong: analyze: cannot write ${output}: ${(err as Error).message}\n`);
        return EXIT.failure;
      }
    }
    const lines = createInterface({ input: source, crlfDelay: Infinity });
    let lineNo = 0;
    let idCol = -1;
    let textCol = -1;
    let skipped = 0;
    let status: number = EXIT.ok;
    for await (const raw of lines) {
      lineNo++;
      const line = raw.replace(/\r$/, '');
      if (lineNo === 1) {
        const header = line.split('\t').map((h) => h.trim().toLowerCase());
        idCol = header.indexOf('id');
        textCol = header.indexOf('text');
        if (idCol < 0 || textCol < 0) {
          io.stderr.write(`sotong: analyze: line 1: header must contain "id" and "text" columns\n`);
          status = EXIT.failure;
          break;
        }
        await write(out, (task === 'tokens' ? ['id', 'terms'] : ['id', 'label', ...headerFor(task)]).join('\t') + '\n');
        continue;
      }
      if (line.trim() === '') continue;
      const cols = line.split('\t');
      const id = cols[idCol]?.trim();
      const text = cols[textCol];
      if (text === undefined || !id) {
        io.stderr.write(`sotong: analyze: line ${lineNo}: ${text === undefined ? `expected at least ${Math.max(idCol, textCol) + 1} columns, got ${cols.length}` : 'empty id'}; skipped\n`);
        skipped++;
        continue;
      }
      await write(out, [clean(id), ...predict(task, text, analyzer)].join('\t') + '\n');
    }
    if (lineNo === 0) {
      io.stderr.write('sotong: analyze: empty input (no header)\n');
      status = EXIT.failure;
    }
    if (out !== io.stdout) {
      out.end();
      await once(out, 'finish');
    }
    if (status !== EXIT.ok) return status;
    if (skipped > 0) {
      io.stderr.write(`sotong: analyze: ${skipped} malformed row(s) skipped\n`);
      return EXIT.partial;
    }
    return EXIT.ok;
  },
};
