/** Corrections of the analytics and the workspace's adaptation (`/corrections`, `/adaptation`). */
import { request, ws } from '../../api.js';

// The views as src/modules/corrections answers them (type-only: erased at build).
export type { AdaptationView, CorrectionView, VersionView } from '../../../../src/modules/corrections/index.js';
export type { CorrectionTask, Figures } from '../../../../src/nlp/index.js';
import type { AdaptationView, CorrectionView } from '../../../../src/modules/corrections/index.js';
import type { CorrectionTask } from '../../../../src/nlp/index.js';

export const correctionsApi = {
  correct: (w: string, itemId: string, task: CorrectionTask, label: string) => request<{ correction: CorrectionView; analysis: unknown }>('POST', `${ws(w)}/items/${encodeURIComponent(itemId)}/corrections`, { task, label }),
  list: (w: string, limit = 50) => request<{ corrections: CorrectionView[]; nextBefore: string | null; total: number }>('GET', `${ws(w)}/corrections?limit=${limit}`),
  exportUrl: (w: string) => `/api/v1${ws(w)}/corrections/export.tsv`,
  adaptation: (w: string) => request<{ adaptation: AdaptationView }>('GET', `${ws(w)}/adaptation`),
  activate: (w: string, versionId: string | null) => request<{ adaptation: AdaptationView }>('PUT', `${ws(w)}/adaptation/active`, { versionId }),
  trainNow: (w: string) => request<{ adaptation: AdaptationView }>('POST', `${ws(w)}/adaptation/train`),
};
