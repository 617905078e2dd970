import type { CorrectionTask } from '../../nlp/index.js';

export interface CorrectionsTables {
  analysis_corrections: {
    id: string;
    workspace_id: string;
    item_id: string;
    task: CorrectionTask;
    old_label: string;
    new_label: string;
    text: string;
    lang: string | null;
    actor_id: string | null;
    actor_label: string;
    actor_name: string | null;
    created_at: Date;
  };
  adaptation_versions: {
    id: string;
    workspace_id: string;
    version: number;
    weights: string;
    weights_bytes: number;
    corrections: number;
    folds: number;
    before: unknown;
    after: unknown;
    accepted: boolean;
    reason: string | null;
    created_at: Date;
  };
  adaptation_state: { workspace_id: string; active_version_id: string | null; changed_at: Date };
  adaptation_jobs: { workspace_id: string; kind: 'train' | 'rescore'; due_at: Date; claimed_until: Date | null; attempts: number; last_error: string | null };
  users: { id: string; name: string; email: string };
}

export type CorrectionRow = CorrectionsTables['analysis_corrections'];
export type VersionRow = CorrectionsTables['adaptation_versions'];
