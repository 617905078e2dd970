/**
 * A person's label written over the stored analysis of an item: the task's label is replaced (so every
 * reader — badges, filters, dashboards, routing — sees it) and marked `corrected: { by, at, was }`.
 * The model's probabilities stay; its explanation of a label it no longer holds is dropped.
 */
import { INTENT_NAMES, intentSet, type CorrectionTask } from '../../nlp/index.js';

export interface CorrectionMark {
  /** Who corrected it: the person's name. */
  by: string;
  at: string;
  /** The label before the correction. */
  was: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The stored label of a task, in canonical form (tolerant of a missing or partial analysis). */
export function storedLabel(analysis: unknown, task: CorrectionTask): string {
  const a = isObj(analysis) ? analysis : {};
  switch (task) {
    case 'sentiment':
      return (isObj(a.sentiment) && str(a.sentiment.label)) || 'none';
    case 'abuse':
      return (isObj(a.abuse) && str(a.abuse.label)) || 'none';
    case 'complaint':
      return isObj(a.complaint) && a.complaint.isComplaint === true ? 'yes' : 'no';
    case 'intents': {
      const labels = isObj(a.intents) && Array.isArray(a.intents.labels) ? new Set(a.intents.labels) : new Set();
      const list = INTENT_NAMES.filter((n) => labels.has(n));
      return list.length ? list.join(',') : 'none';
    }
  }
}

export function applyCorrection(analysis: unknown, task: CorrectionTask, label: string, mark: CorrectionMark): Obj {
  const a: Obj = isObj(analysis) ? { ...analysis } : {};
  const part = (k: string): Obj => (isObj(a[k]) ? { ...(a[k] as Obj) } : {});
  const intents = part('intents');
  const labels = Array.isArray(intents.labels) ? (intents.labels as string[]).filter((x) => typeof x === 'string') : [];
  const order = ['complaint', ...INTENT_NAMES] as string[];
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort((x, y) => order.indexOf(x) - order.indexOf(y));
  switch (task) {
    case 'sentiment':
    case 'abuse':
      a[task] = { probs: {}, ...part(task), label, explanation: [], corrected: mark };
      break;
    case 'complaint': {
      const on = label === 'yes';
      a.complaint = { probability: on ? 1 : 0, ...part('complaint'), isComplaint: on, corrected: mark };
      a.intents = { probs: {}, explanation: {}, ...intents, labels: sorted(on ? [...labels, 'complaint'] : labels.filter((l) => l !== 'complaint')) };
      break;
    }
    case 'intents': {
      const set = intentSet(label);
      const kept = labels.includes('complaint') ? ['complaint'] : [];
      const next = sorted([...kept, ...set]);
      const ex = isObj(intents.explanation) ? Object.fromEntries(Object.entries(intents.explanation).filter(([k]) => next.includes(k))) : {};
      a.intents = { probs: {}, ...intents, labels: next, explanation: ex, corrected: mark };
      break;
    }
  }
  return a;
}

/** Replaces the model's part of a stored analysis (sentiment, complaint, intents, abuse) by a new one, keeping the rest. */
export function replaceModelParts(stored: unknown, fresh: { sentiment: unknown; complaint: unknown; intents: unknown; abuse: unknown }, adaptation: { version: number } | null): Obj {
  const a: Obj = isObj(stored) ? { ...stored } : {};
  a.sentiment = fresh.sentiment;
  a.complaint = fresh.complaint;
  a.intents = fresh.intents;
  a.abuse = fresh.abuse;
  if (adaptation) a.adaptation = adaptation;
  else delete a.adaptation;
  return a;
}
