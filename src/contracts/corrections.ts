/** Corrections of the analytics and the workspace's adaptation (`/corrections`, `/adaptation`; docs/labelling.md). Types only; dates are ISO strings. */

/** The corrected tasks (src/nlp's CORRECTION_TASKS). */
export type CorrectionTask = 'sentiment' | 'complaint' | 'intents' | 'abuse';

export interface TaskFigures {
  /** Held-out corrections of this task. */
  n: number;
  accuracy: number;
  /** Macro-F1 (sentiment, abuse), F1 of "yes" (complaint), micro-F1 over the intents (intents). */
  f1: number;
}
export type Figures = Partial<Record<CorrectionTask, TaskFigures>>;

export interface CorrectionView {
  id: string;
  itemId: string;
  task: CorrectionTask;
  oldLabel: string;
  newLabel: string;
  text: string;
  by: string;
  at: string;
}

export interface VersionView {
  id: string;
  version: number;
  corrections: number;
  folds: number;
  before: Figures;
  after: Figures;
  accepted: boolean;
  reason: string | null;
  active: boolean;
  bytes: number;
  createdAt: string;
}

export interface AdaptationView {
  activeVersion: number | null;
  versions: VersionView[];
  corrections: number;
  /** A new version is being learned or items re-scored (or is due). */
  pending: { train: string | null; rescore: string | null };
}
