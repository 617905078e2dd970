/**
 * Canned replies with variables.
 *
 *   {{customer.name}}          a variable (dot path into the values)
 *   {{customer.name|고객}}      with a default when the value is missing or blank ({{x|}}: empty default)
 *   \{{                        a literal "{{"
 *   (은)는 은(는) (이)가 이(가) (을)를 을(를) (과)와 과(와) (아)야 아(야) (으)로
 *                             josa markers: replaced by the form that fits the sound just before them,
 *                             e.g. "{{customer.name}}(은)는" → "김민수는" / "김민준은", "{{x}}님(은)는" → "…님은".
 * Unknown variables (not in `known`) and known ones without a value or default are reported; they render
 * as empty text, and `ok` is false so the UI can stop the send.
 */
import type { RenderResult, TemplateIssue } from '../../../contracts/inbox.js';

export const DEFAULT_VARIABLES = ['customer.name', 'customer.handle', 'agent.name', 'agent.team', 'conversation.id', 'channel.name', 'workspace.name'] as const;

export type TemplateValues = { readonly [key: string]: string | number | TemplateValues | null | undefined };

export type { RenderResult, TemplateIssue };

type Part = { kind: 'text'; text: string } | { kind: 'var'; name: string; fallback?: string; index: number };

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function parseTemplate(template: string): { parts: Part[]; errors: TemplateIssue[] } {
  const parts: Part[] = [];
  const errors: TemplateIssue[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('\\{{', i)) {
      text += '{{';
      i += 3;
      continue;
    }
    if (!template.startsWith('{{', i)) {
      text += template[i];
      i++;
      continue;
    }
    const close = template.indexOf('}}', i + 2);
    if (close < 0) {
      errors.push({ code: 'unclosed', index: i, message: `"{{" at ${i} is never closed with "}}"` });
      text += template.slice(i);
      break;
    }
    if (text) parts.push({ kind: 'text', text });
    text = '';
    const inner = template.slice(i + 2, close);
    const bar = inner.indexOf('|');
    const name = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    if (!name) errors.push({ code: 'empty_placeholder', index: i, message: `empty placeholder at ${i}` });
    else if (!NAME_RE.test(name)) errors.push({ code: 'invalid_name', index: i, message: `"${name}" is not a variable name (letters, digits, _ and dots)` });
    else parts.push({ kind: 'var', name, index: i, ...(bar >= 0 ? { fallback: inner.slice(bar + 1).trim() } : {}) });
    i = close + 2;
  }
  if (text) parts.push({ kind: 'text', text });
  return { parts, errors };
}

function lookup(values: TemplateValues, path: string): string | undefined {
  let cur: unknown = values;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (typeof cur === 'number' && Number.isFinite(cur)) return String(cur);
  return typeof cur === 'string' && cur.trim() !== '' ? cur : undefined;
}

export function renderTemplate(template: string, values: TemplateValues, options: { known?: readonly string[] } = {}): RenderResult {
  const known = new Set(options.known ?? DEFAULT_VARIABLES);
  const { parts, errors } = parseTemplate(template);
  const variables: string[] = [];
  const unknown: string[] = [];
  const missing: string[] = [];
  const once = (list: string[], name: string): void => void (list.includes(name) || list.push(name));
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += resolveJosa(out, part.text);
      continue;
    }
    once(variables, part.name);
    const value = known.has(part.name) ? lookup(values, part.name) : undefined;
    if (!known.has(part.name)) once(unknown, part.name);
    else if (value === undefined && part.fallback === undefined) once(missing, part.name);
    out += value ?? part.fallback ?? '';
  }
  return { text: out, variables, unknown, missing, errors, ok: errors.length === 0 && unknown.length === 0 && missing.length === 0 };
}

/** Syntax and unknown-variable check for the template editor. */
export function validateTemplate(template: string, known: readonly string[] = DEFAULT_VARIABLES): { errors: TemplateIssue[]; variables: string[]; unknown: string[] } {
  const { parts, errors } = parseTemplate(template);
  const variables = [...new Set(parts.flatMap((p) => (p.kind === 'var' ? [p.name] : [])))];
  return { errors, variables, unknown: variables.filter((v) => !known.includes(v)) };
}

// ---- josa ----

/** [form after a final consonant, form after a vowel]; 으로 is special-cased for ㄹ. */
const PAIRS: Record<string, readonly [string, string]> = {
  은: ['은', '는'],
  는: ['은', '는'],
  이: ['이', '가'],
  가: ['이', '가'],
  을: ['을', '를'],
  를: ['을', '를'],
  과: ['과', '와'],
  와: ['과', '와'],
  아: ['아', '야'],
  야: ['아', '야'],
  으: ['으로', '로'],
  로: ['으로', '로'],
};
const MARKER_RE = /\((은|이|을|과|아|으)\)(는|가|를|와|야|로)|(은|이|을|과|아)\((는|가|를|와|야)\)/g;
const VALID = new Set(['은는', '이가', '을를', '과와', '아야', '으로']);

export type FinalSound = 'vowel' | 'consonant' | 'rieul' | 'unknown';

const DIGIT_SOUND: Record<string, FinalSound> = { 0: 'consonant', 1: 'rieul', 2: 'vowel', 3: 'consonant', 4: 'vowel', 5: 'vowel', 6: 'consonant', 7: 'rieul', 8: 'rieul', 9: 'vowel' };
/** Letter names as read in Korean (엘, 엠, 엔, 알 end in a consonant). */
const LETTER_SOUND = (c: string): FinalSound => (c === 'l' || c === 'r' ? 'rieul' : c === 'm' || c === 'n' ? 'consonant' : 'vowel');

/** The final sound of a word as Korean reads it: Hangul exactly, digits and acronyms by name, a few safe English endings. */
export function finalSound(word: string): FinalSound {
  const m = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u.exec(word.normalize('NFC'));
  if (!m) return 'unknown';
  const token = m[1]!;
  const last = token.at(-1)!;
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    return jong === 0 ? 'vowel' : jong === 8 ? 'rieul' : 'consonant';
  }
  if (/[0-9]/.test(last)) return DIGIT_SOUND[last]!;
  if (/^[A-Z]+$/.test(token)) return LETTER_SOUND(last.toLowerCase());
  if (/[A-Za-z]/.test(last)) {
    const t = token.toLowerCase();
    if (/(ng|m|n)$/.test(t)) return 'consonant';
    if (t.endsWith('l')) return 'rieul';
    if (/[aiouy]$/.test(t)) return 'vowel';
  }
  return 'unknown';
}

/** The josa form after `word`: josa('김민수', '은') → '는'; undetermined sounds give both ('은(는)'). */
export function josa(word: string, marker: string): string {
  const pair = PAIRS[marker];
  if (!pair) throw new RangeError(`unknown josa ${marker}`);
  const sound = finalSound(word);
  if (pair[0] === '으로') return sound === 'consonant' ? '으로' : sound === 'unknown' ? '(으)로' : '로';
  if (sound === 'unknown') return `${pair[0]}(${pair[1]})`;
  return sound === 'vowel' ? pair[1] : pair[0];
}

function resolveJosa(before: string, text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKER_RE)) {
    const a = m[1] ?? m[3]!;
    const b = m[2] ?? m[4]!;
    if (!VALID.has(a + b)) continue;
    out += text.slice(last, m.index);
    out += josa(before + out, a);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}
