/**
 * Reads an item's `analysis` defensively: it may be null, or an object whose parts come and go as the
 * text-analytics engine grows (sentiment {label, probs}, intents {labels, probs} or a list, abuse, pii
 * findings, masked text). Anything unexpected is simply left out.
 */
export interface AnalysisView {
  /** `because`: the words that pushed the label most (the engine's explanation), strongest first. */
  sentiment?: { label: string; probability?: number; because: string[] };
  intents: string[];
  /** Per intent, the words that pushed it most. */
  intentBecause: Record<string, string[]>;
  abuse?: string;
  complaint: boolean;
  /** Kinds of personal data found (rrn, card, phone, …), without duplicates. */
  pii: string[];
  masked?: string;
  /** Tasks a person corrected: who and when, and the label before (the person's label is the one shown). */
  corrected: Partial<Record<'sentiment' | 'complaint' | 'intents' | 'abuse', { by: string; at: string; was: string }>>;
  /** The abuse label including `none` (for the correction menu). */
  abuseLabel?: string;
  /** The workspace adaptation version that scored the item, if any. */
  adaptation?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const label = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function intentLabels(v: unknown): string[] {
  const list = Array.isArray(v) ? v : isObj(v) && Array.isArray(v.labels) ? v.labels : [];
  const out: string[] = [];
  for (const x of list) {
    const name = label(x) ?? (isObj(x) ? (label(x.label) ?? label(x.name)) : undefined);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Terms of an explanation (`[{ term, weight }]`) that pushed towards the label, strongest first, at most 3. */
function because(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const list = v.filter((x): x is { term: string; weight: number } => isObj(x) && typeof x.term === 'string' && x.term.trim() !== '' && typeof x.weight === 'number' && x.weight > 0);
  const out: string[] = [];
  for (const x of [...list].sort((a, b) => b.weight - a.weight)) if (!out.includes(x.term) && out.length < 3) out.push(x.term);
  return out;
}

function piiTypes(v: unknown): string[] {
  const list = Array.isArray(v) ? v : isObj(v) && Array.isArray(v.findings) ? v.findings : [];
  const out: string[] = [];
  for (const x of list) {
    const type = label(x) ?? (isObj(x) ? label(x.type) : undefined);
    if (type && !out.includes(type)) out.push(type);
  }
  return out;
}

export function readAnalysis(analysis: unknown): AnalysisView {
  const view: AnalysisView = { intents: [], intentBecause: {}, complaint: false, pii: [], corrected: {} };
  if (!isObj(analysis)) return view;
  for (const task of ['sentiment', 'complaint', 'intents', 'abuse'] as const) {
    const part = analysis[task];
    const c = isObj(part) && isObj(part.corrected) ? part.corrected : undefined;
    if (c && typeof c.by === 'string' && typeof c.at === 'string') view.corrected[task] = { by: c.by, at: c.at, was: typeof c.was === 'string' ? c.was : '' };
  }
  if (isObj(analysis.adaptation) && typeof analysis.adaptation.version === 'number') view.adaptation = analysis.adaptation.version;
  const s = analysis.sentiment;
  const sLabel = label(s) ?? (isObj(s) ? label(s.label) : undefined);
  if (sLabel) {
    const probs = isObj(s) && isObj(s.probs) ? s.probs : undefined;
    const p = probs?.[sLabel];
    view.sentiment = { label: sLabel, ...(typeof p === 'number' ? { probability: p } : {}), because: isObj(s) ? because(s.explanation) : [] };
  }
  view.intents = intentLabels(analysis.intents);
  const ie = isObj(analysis.intents) && isObj(analysis.intents.explanation) ? analysis.intents.explanation : {};
  for (const i of view.intents) {
    const terms = because(ie[i]);
    if (terms.length) view.intentBecause[i] = terms;
  }
  const a = analysis.abuse;
  const aLabel = label(a) ?? (isObj(a) ? label(a.label) : undefined);
  if (aLabel) view.abuseLabel = aLabel;
  if (aLabel && aLabel !== 'none') view.abuse = aLabel;
  const c = analysis.complaint;
  view.complaint = c === true || (isObj(c) && c.isComplaint === true) || view.intents.includes('complaint');
  view.pii = piiTypes(analysis.pii);
  const masked = analysis.masked;
  if (typeof masked === 'string' && masked !== '') view.masked = masked;
  return view;
}

/** Only web links are followed: a `javascript:` or `data:` URL from a channel must never become a link. */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A badge's tooltip: the probability and the words behind the label, e.g. "82% · 근거: 감사, 친절". */
export function explainTitle(because: (terms: string) => string, probability: number | undefined, terms: string[]): string | undefined {
  return [probability !== undefined ? `${Math.round(probability * 100)}%` : '', terms.length ? because(terms.join(', ')) : ''].filter(Boolean).join(' · ') || undefined;
}
