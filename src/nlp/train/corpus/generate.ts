/**
 * Generates the labelled customer-message corpus in corpus/ (reproducible: fixed seed).
 *   npx tsx src/nlp/train/corpus/generate.ts
 * Train rows come from templates-ko.ts and templates-en.ts; dev rows only from templates-dev.ts,
 * so no dev template is seen in training. Labels come from the template, never from a model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { rng } from '../rng.js';
import { SLOTS } from './slots.js';
import { KO_TEMPLATES } from './templates-ko.js';
import { EN_TEMPLATES } from './templates-en.js';
import { DEV_TEMPLATES } from './templates-dev.js';
import { CLOSERS, EXTRA_TEMPLATES, OPENERS } from './templates-extra.js';

export const INTENTS = ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const;
export type Intent = (typeof INTENTS)[number];
const LETTER: Record<string, Intent> = { C: 'complaint', Q: 'inquiry', P: 'praise', L: 'purchase', X: 'churn', F: 'fraud' };
const SENTIMENT: Record<string, string> = { n: 'negative', '0': 'neutral', p: 'positive' };

export interface Message {
  id: string;
  text: string;
  intents: Intent[];
  sentiment: string;
  template: number;
}

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const EMOTICONS: Record<string, string[]> = {
  negative: ['ㅡㅡ', 'ㅠㅠ', '😡', '😤', '!!', '...', '🤬', 'ㅜㅜ', '하..', '??'],
  positive: ['ㅎㅎ', '😊', '👍', '🙏', '!!', '^^', '❤️', 'ㅋㅋ', '✨'],
  neutral: ['?', 'ㅎ', '🙏', '~', '!', '..'],
};
const CODEMIX: Array<[RegExp, string]> = [[/앱/g, 'app'], [/로그인/g, 'login'], [/오류/g, 'error'], [/수수료/g, 'fee'], [/카드/g, 'card'], [/이체/g, '송금']];
const TYPOS: Array<[RegExp, string]> = [[/됐/g, '됬'], [/안 돼/g, '안되'], [/어떻게/g, '어떡게'], [/왜/g, '왜케'], [/되나요/g, '되나여'], [/해요/g, '해여'], [/습니다/g, '슴다'], [/주세요/g, '주세여'], [/있나요/g, '있나욤']];
const BRANDS = ['KB국민은행', '신한카드', '토스', '카카오뱅크', '삼성생명', '키움증권', '현대카드'];

function fill(template: string, r: Random): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => pick(r, SLOTS[name] ?? [name]));
}

/** Style variation: spacing slips, typos, emoticons, mentions, code-mixing, casual endings. */
function stylise(text: string, sentiment: string, r: Random): string {
  let t = text;
  const korean = /[가-힣]/.test(t);
  if (korean && r() < 0.15) for (const [re, en] of CODEMIX) if (r() < 0.5) t = t.replace(re, en);
  if (korean && r() < 0.25) {
    const [re, typo] = pick(r, TYPOS);
    t = t.replace(re, typo);
  }
  if (korean && r() < 0.2) t = t.replace(/ /g, () => (r() < 0.5 ? '' : ' '));
  if (korean && r() < 0.15) t = t.replace(/습니다/g, '음').replace(/어요/g, '어').replace(/아요/g, '아');
  if (r() < 0.4) t = t.replace(/[.!?]*$/, '') + (r() < 0.5 ? ' ' : '') + pick(r, EMOTICONS[sentiment]!);
  if (r() < 0.1) t = '@' + pick(r, BRANDS) + ' ' + t;
  else if (r() < 0.08) t = t + ' #' + pick(r, BRANDS);
  if (r() < 0.1) t = t.replace(/ㅠㅠ|ㅋㅋ|ㅎㅎ/, (m) => m.repeat(3));
  if (!korean && r() < 0.15) t = t.toLowerCase();
  return t.replace(/\s+/g, ' ').trim();
}

const QUESTION = /\?|나요|까요|인가요|한가요|있어요\?|뭔가요|뭐예요|알려 ?주|궁금|어떻게 (?:하|해)|있을까요|언제예요|볼 수 있죠/;

/**
 * Labels come from the template letters. A message that asks something is also an inquiry
 * (multi-label: "가입되나요?" is purchase + inquiry), except a complaint's rhetorical question.
 */
function parse(template: string): { intents: Intent[]; sentiment: string; body: string } {
  const [labels, s, ...rest] = template.split('|');
  const body = rest.join('|');
  const intents = labels === '-' ? [] : [...labels!].map((c) => LETTER[c]!);
  if (!intents.includes('inquiry') && !intents.includes('complaint') && intents.length > 0 && QUESTION.test(body)) intents.push('inquiry');
  intents.sort((a, b) => INTENTS.indexOf(a) - INTENTS.indexOf(b));
  return { intents, sentiment: SENTIMENT[s!]!, body };
}

export function generate(templates: readonly string[], count: number, seed: number, prefix: string): Message[] {
  const r = rng(seed);
  const seen = new Set<string>();
  const out: Message[] = [];
  let guard = 0;
  while (out.length < count && guard++ < count * 50) {
    const index = Math.floor(r() * templates.length);
    const { intents, sentiment, body } = parse(templates[index]!);
    let filled = fill(body, r);
    if (r() < 0.3) filled = pick(r, OPENERS) + filled + pick(r, CLOSERS);
    const text = stylise(filled, sentiment, r);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ id: `${prefix}${String(out.length).padStart(5, '0')}`, text, intents, sentiment, template: index });
  }
  return out;
}

export function toTsv(rows: readonly Message[]): string {
  const lines = ['id\ttext\tintents\tsentiment\ttemplate'];
  for (const m of rows) lines.push([m.id, m.text, m.intents.join(',') || 'none', m.sentiment, String(m.template)].join('\t'));
  return lines.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../../../../', import.meta.url).pathname;
  mkdirSync(root + 'corpus', { recursive: true });
  const train = generate([...KO_TEMPLATES, ...EN_TEMPLATES, ...EXTRA_TEMPLATES], 3000, 20261123, 'msg-tr-');
  const dev = generate(DEV_TEMPLATES, 700, 7, 'msg-dev-');
  writeFileSync(root + 'corpus/messages.train.tsv', toTsv(train));
  writeFileSync(root + 'corpus/messages.dev.tsv', toTsv(dev));
  console.log(`corpus: ${train.length} train, ${dev.length} dev rows`);
}
