/** Corrections of the analytics and the workspace's adaptation (`/corrections`, `/adaptation`). */
import { request, ws } from '../../api.js';

// The views as src/modules/corrections answers them (src/contracts: type-only, erased at build).
export type { AdaptationView, CorrectionTask, CorrectionView, Figures, VersionView } from '../../../../src/contracts/corrections.js';
import type { AdaptationView, CorrectionTask, CorrectionView } from '../../../../src/contracts/corrections.js';

export const correctionsApi = {
  correct: (w: string, itemId: string, task: CorrectionTask, label: string) => request<{ correction: CorrectionView; analysis: unknown }>('POST', `${ws(w)}/items/${encodeURIComponent(itemId)}/corrections`, { task, label }),
  list: (w: string, limit = 50) => request<{ corrections: CorrectionView[]; nextBefore: string | null; total: number }>('GET', `${ws(w)}/corrections?limit=${limit}`),
  exportUrl: (w: string) => `/api/v1${ws(w)}/corrections/export.tsv`,
  adaptation: (w: string) => request<{ adaptation: AdaptationView }>('GET', `${ws(w)}/adaptation`),
  activate: (w: string, versionId: string | null) => request<{ adaptation: AdaptationView }>('PUT', `${ws(w)}/adaptation/active`, { versionId }),
  trainNow: (w: string) => request<{ adaptation: AdaptationView }>('POST', `${ws(w)}/adaptation/train`),
};
