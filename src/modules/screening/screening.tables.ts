import type { RuleSetDocument } from './rules.js';

export interface ScreeningTables {
  screening_rule_sets: {
    id: string;
    workspace_id: string;
    version: number;
    rules: RuleSetDocument;
    note: string;
    active: boolean;
    created_by: string | null;
    created_at: Date;
    activated_at: Date | null;
  };
}
