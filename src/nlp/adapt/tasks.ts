/**
 * The four corrected tasks, their label sets, and how a label is read from and written into the
 * public `Analysis` shape (sentiment.probs / label, complaint, intents.probs / labels, abuse.probs / label).
 * Model-agnostic: only that contract is used, never the models behind it.
 */
export const CORRECTION_TASKS = ['sentiment', 'complaint', 'intents', 'abuse'] as const;
export type CorrectionTask = (typeof CORRECTION_TASKS)[number];

export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
export const ABUSE_CLASSES = ['none', 'offensive', 'hate'] as const;
export const COMPLAINT_CLASSES = ['yes', 'no'] as const;
/** Intents corrected as a set (complaint is its own task). */
export const INTENT_NAMES = ['inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const;
export type IntentName = (typeof INTENT_NAMES)[number];

/** What the adaptation needs of an analysis: the model's probabilities and labels per task. */
export interface BaseAnalysis {
  sentiment: { label: string; probs: Record<string, number> };
  complaint: { isComplaint: boolean; probability: number };
  intents: { labels: string[]; probs: Record<string, number> };
  abuse: { label: string; probs: Record<string, number> };
}

export function isCorrectionTask(v: unknown): v is CorrectionTask {
  return typeof v === 'string' && (CORRECTION_TASKS as readonly string[]).includes(v);
}

/**
 * A label in its canonical written form, or null when it is not one of the task's labels.
 * Intents: the chosen intents in a fixed order, comma-separated, or `none`.
 */
export function canonicalLabel(task: CorrectionTask, raw: string): string | null {
  const v = raw.trim().toLowerCase();
  switch (task) {
    case 'sentiment':
      return (SENTIMENT_CLASSES as readonly string[]).includes(v) ? v : null;
    case 'abuse':
      return (ABUSE_CLASSES as readonly string[]).includes(v) ? v : null;
    case 'complaint':
      return v === 'yes' || v === 'true' ? 'yes' : v === 'no' || v === 'false' ? 'no' : null;
    case 'intents': {
      if (v === 'none' || v === '') return 'none';
      const parts = v.split(',').map((p) => p.trim());
      if (parts.some((p) => !(INTENT_NAMES as readonly string[]).includes(p))) return null;
      const set = new Set(parts);
      return INTENT_NAMES.filter((n) => set.has(n)).join(',');
    }
  }
}

export function intentSet(label: string): Set<IntentName> {
  return new Set(label === 'none' ? [] : (label.split(',') as IntentName[]));
}

/** The label an analysis gives for a task, in canonical form. */
export function labelOf(a: BaseAnalysis, task: CorrectionTask): string {
  switch (task) {
    case 'sentiment':
      return a.sentiment.label;
    case 'abuse':
      return a.abuse.label;
    case 'complaint':
      return a.complaint.isComplaint ? 'yes' : 'no';
    case 'intents': {
      const set = new Set(a.intents.labels);
      const list = INTENT_NAMES.filter((n) => set.has(n));
      return list.length ? list.join(',') : 'none';
    }
  }
}
