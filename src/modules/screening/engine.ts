/**
 * The pre-send screen: pure functions over a rule-set document, no storage. Offsets are UTF-16 code
 * units of the text as given (text.slice(start, end) is the finding's text).
 */
import { detectPii } from '../../nlp/index.js';
import type { ClaimRule, DisclosureRule, Product, RuleSetDocument, Severity } from './rules.js';

export type FindingType = 'prohibited_claim' | 'missing_disclosure' | 'personal_data' | 'link' | 'crisis_word';

export interface Finding {
  type: FindingType;
  start: number;
  end: number;
  text: string;
  rule: string;
  severity: Severity;
  message: string;
}

export interface ScreenContext {
  channel?: string;
  product?: Product;
  crisis?: boolean;
  knownLinkHosts?: string[];
}

/** A rule whose pattern does not compile; `ruleId` names it. */
export class RuleSetError extends Error {
  constructor(
    readonly ruleId: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleSetError';
  }
}

interface CompiledClaim {
  rule: ClaimRule;
  res: RegExp[];
}
interface CompiledDisclosure {
  rule: DisclosureRule;
  anyOf: RegExp[];
  when: RegExp | null;
}
export interface CompiledRuleSet {
  doc: RuleSetDocument;
  claims: CompiledClaim[];
  disclosures: CompiledDisclosure[];
  crisis: RegExp[];
}

const escapeRe = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A phrase whose characters may be separated by any whitespace: 원금 보장 ~ 원금보장 ~ 원 금 보 장. */
export function phraseSource(phrase: string): string {
  const chars = [...phrase.trim()].filter((c) => !/\s/.test(c));
  return chars.map(escapeRe).join('\\s*');
}

function compile(ruleId: string, source: string): RegExp {
  if (typeof source !== 'string' || source.length === 0 || source.length > 1000) throw new RuleSetError(ruleId, `Rule ${ruleId}: a pattern must be 1-1000 characters.`);
  try {
    const re = new RegExp(source, 'giu');
    if (re.test('')) throw new RuleSetError(ruleId, `Rule ${ruleId}: the pattern /${source}/ matches the empty text.`);
    return re;
  } catch (err) {
    if (err instanceof RuleSetError) throw err;
    throw new RuleSetError(ruleId, `Rule ${ruleId}: /${source}/ is not a valid regular expression (${(err as Error).message}).`);
  }
}

export function compileRuleSet(doc: RuleSetDocument): CompiledRuleSet {
  const ids = new Set<string>();
  const unique = (id: string) => {
    if (ids.has(id)) throw new RuleSetError(id, `Rule id ${id} appears twice.`);
    ids.add(id);
  };
  const claims = doc.claims.map((rule) => {
    unique(rule.id);
    const sources = [...(rule.phrases ?? []).map(phraseSource).filter(Boolean), ...(rule.patterns ?? [])];
    if (sources.length === 0) throw new RuleSetError(rule.id, `Rule ${rule.id} needs a phrase or a pattern.`);
    return { rule, res: sources.map((s) => compile(rule.id, s)) };
  });
  const disclosures = doc.disclosures.map((rule) => {
    unique(rule.id);
    if (rule.anyOf.length === 0) throw new RuleSetError(rule.id, `Rule ${rule.id} needs at least one pattern.`);
    return { rule, anyOf: rule.anyOf.map((s) => compile(rule.id, s)), when: rule.when ? compile(rule.id, rule.when) : null };
  });
  const crisis = doc.crisis.words
    .map(phraseSource)
    .filter(Boolean)
    .map((s) => compile('crisis', s));
  return { doc, claims, disclosures, crisis };
}

/** Korean negation right after the phrase: 보장이 되지 않습니다, 보장되지 않으며, 없지 않다, 아닙니다. */
const KO_NEGATION_AFTER = /^[^.!?\n,]{0,8}?(?:되\s*지\s*않|하\s*지\s*않|지\s*않|않|안\s*(?:됨|됩|돼|되|함|합)|아\s*니|아\s*닙|불\s*가|못\s*하|어\s*렵)/u;
/** English negation shortly before the phrase: not / no / never / isn't ... risk-free. */
const EN_NEGATION_BEFORE = /\b(?:not|no|never|isn't|aren't|wasn't|nothing|without|nor|cannot|can't|don't|doesn't)\s+(?:[\p{L}-]+\s+){0,2}$/iu;

function negated(text: string, start: number, end: number): boolean {
  return KO_NEGATION_AFTER.test(text.slice(end, end + 16)) || EN_NEGATION_BEFORE.test(text.slice(Math.max(0, start - 40), start));
}

function* matches(re: RegExp, text: string): Generator<{ start: number; end: number }> {
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    yield { start: m.index, end: m.index + m[0].length };
  }
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function screenClaims(rs: CompiledRuleSet, text: string, ctx: ScreenContext, out: Finding[]): void {
  for (const { rule, res } of rs.claims) {
    if (ctx.product && rule.exceptProducts?.includes(ctx.product)) continue;
    for (const re of res) {
      for (const span of matches(re, text)) {
        if (rule.negatable && negated(text, span.start, span.end)) continue;
        out.push({ type: 'prohibited_claim', ...span, text: text.slice(span.start, span.end), rule: rule.id, severity: rule.severity, message: rule.message });
      }
    }
  }
}

/** Of overlapping findings keep the one that starts first, then the longest, then the first rule. */
function disjoint(findings: Finding[]): Finding[] {
  const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.start - b.f.start || b.f.end - a.f.end || a.i - b.i);
  const kept: Finding[] = [];
  for (const { f } of sorted) if (!kept.some((k) => overlaps(k, f))) kept.push(f);
  return kept;
}

function screenDisclosures(rs: CompiledRuleSet, text: string, ctx: ScreenContext, claims: Finding[], out: Finding[]): void {
  if (!ctx.product) return;
  for (const { rule, anyOf, when } of rs.disclosures) {
    if (!rule.products.includes(ctx.product)) continue;
    if (when && ![...matches(when, text)].length) continue;
    // A claim is no disclosure: "원금 손실이 없습니다" does not count as the loss warning.
    const present = anyOf.some((re) => [...matches(re, text)].some((span) => !claims.some((c) => overlaps(c, span))));
    if (!present) out.push({ type: 'missing_disclosure', start: 0, end: 0, text: '', rule: rule.id, severity: rule.severity, message: rule.message });
  }
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => {
    const h = a.trim().toLowerCase().replace(/^\*\./, '');
    return h.length > 0 && (host === h || host.endsWith(`.${h}`));
  });
}

function screenLinks(rs: CompiledRuleSet, text: string, ctx: ScreenContext, out: Finding[]): void {
  const allowed = [...rs.doc.links.allowedHosts, ...(ctx.knownLinkHosts ?? [])];
  for (const m of text.matchAll(URL_RE)) {
    const raw = m[0].replace(/[.,!?;:)\]}>’”」』]+$/u, '');
    let host: string;
    try {
      host = new URL(raw.startsWith('www.') ? `https://${raw}` : raw).hostname.toLowerCase();
    } catch {
      host = '';
    }
    if (host && hostAllowed(host, allowed)) continue;
    out.push({
      type: 'link',
      start: m.index,
      end: m.index + raw.length,
      text: raw,
      rule: host ? 'link.unknown_host' : 'link.malformed',
      severity: rs.doc.links.severity,
      message: host ? `링크 도메인 ${host}은(는) 승인 목록에 없음` : '해석할 수 없는 링크',
    });
  }
}

function screenPersonalData(rs: CompiledRuleSet, text: string, out: Finding[]): void {
  for (const p of detectPii(text, { includeValues: false })) {
    out.push({ type: 'personal_data', start: p.start, end: p.end, text: text.slice(p.start, p.end), rule: `pii.${p.type}`, severity: rs.doc.personalData.severity, message: '개인정보가 포함됨' });
  }
}

function screenCrisis(rs: CompiledRuleSet, text: string, ctx: ScreenContext, out: Finding[]): void {
  if (!ctx.crisis) return;
  const found: Finding[] = [];
  for (const re of rs.crisis) {
    for (const span of matches(re, text)) {
      found.push({ type: 'crisis_word', ...span, text: text.slice(span.start, span.end), rule: 'crisis.held_word', severity: rs.doc.crisis.severity, message: '위기 대응 중 보류된 표현' });
    }
  }
  out.push(...disjoint(found));
}

/** Every finding in the text, ordered by position (missing disclosures first, at 0). */
export function screen(rs: CompiledRuleSet, text: string, ctx: ScreenContext = {}): Finding[] {
  const all: Finding[] = [];
  screenClaims(rs, text, ctx, all);
  const claims = disjoint(all);
  const out: Finding[] = [...claims];
  screenDisclosures(rs, text, ctx, claims, out);
  screenPersonalData(rs, text, out);
  screenLinks(rs, text, ctx, out);
  screenCrisis(rs, text, ctx, out);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

export const blocks = (findings: readonly Finding[]) => findings.some((f) => f.severity === 'block');
