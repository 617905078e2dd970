/** Corrections of the analytics and the workspace's adaptation (`/corrections`, `/adaptation`). */
import { request, ws } from '../../api.js';

export type CorrectionTask = 'sentiment' | 'complaint' | 'intents' | 'abuse';

/** As src/modules/corrections (corrections.service.ts, adaptation.service.ts) answer. */
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
export interface TaskFigures {
  n: number;
  accuracy: number;
  f1: number;
}
export type Figures = Partial<Record<CorrectionTask, TaskFigures>>;
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
  pending: { train: string | null; rescore: string | null };
}

export const correctionsApi = {
  correct: (w: string, itemId: string, task: CorrectionTask, label: string) => request<{ correction: CorrectionView; analysis: unknown }>('POST', `${ws(w)}/items/${encodeURIComponent(itemId)}/corrections`, { task, label }),
  list: (w: string, limit = 50) => request<{ corrections: CorrectionView[]; nextBefore: string | null; total: number }>('GET', `${ws(w)}/corrections?limit=${limit}`),
  exportUrl: (w: string) => `/api/v1${ws(w)}/corrections/export.tsv`,
  adaptation: (w: string) => request<{ adaptation: AdaptationView }>('GET', `${ws(w)}/adaptation`),
  activate: (w: string, versionId: string | null) => request<{ adaptation: AdaptationView }>('PUT', `${ws(w)}/adaptation/active`, { versionId }),
  trainNow: (w: string) => request<{ adaptation: AdaptationView }>('POST', `${ws(w)}/adaptation/train`),
};
