/** Client for the inbox's configuration API (docs/inbox.md): routing rules and SLA policies. */
import { request, ws } from '../../../api.js';
import type { DayKey, RulePreview, RuleView, RuleVersionView, SlaPolicyView } from '../../../../../src/contracts/inbox.js';

export type {
  ConditionTrace,
  RuleView,
  RuleVersionView as RuleVersion,
  Shift,
  SlaPolicyView as SlaPolicy,
  SlaTargets,
} from '../../../../../src/contracts/inbox.js';
/** One result of a rule preview. */
export type PreviewResult = RulePreview['results'][number];

export type RunOn = 'created' | 'every_message';
export interface RuleDraft {
  name: string;
  description?: string | null;
  enabled?: boolean;
  runOn?: RunOn;
  conditions: unknown;
  actions: unknown;
  stopProcessing?: boolean;
}
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly DayKey[];
export type Day = DayKey;
export type SlaPolicyInput = Partial<Omit<SlaPolicyView, 'id' | 'createdAt'>>;

const id = encodeURIComponent;
const base = (w: string) => `${ws(w)}/inbox`;

export const settingsApi = {
  rules: (w: string) => request<{ rules: RuleView[] }>('GET', `${base(w)}/rules`),
  rule: (w: string, ruleId: string) => request<{ rule: RuleView; versions: RuleVersionView[] }>('GET', `${base(w)}/rules/${id(ruleId)}`),
  createRule: (w: string, draft: RuleDraft) => request<{ rule: RuleView }>('POST', `${base(w)}/rules`, draft),
  updateRule: (w: string, ruleId: string, patch: Partial<RuleDraft>) => request<{ rule: RuleView }>('PATCH', `${base(w)}/rules/${id(ruleId)}`, patch),
  deleteRule: (w: string, ruleId: string) => request<void>('DELETE', `${base(w)}/rules/${id(ruleId)}`),
  orderRules: (w: string, ruleIds: string[]) => request<{ rules: RuleView[] }>('PUT', `${base(w)}/rules/order`, { ruleIds }),
  restoreRule: (w: string, ruleId: string, version: number) => request<{ rule: RuleView }>('POST', `${base(w)}/rules/${id(ruleId)}/restore`, { version }),
  previewRule: (w: string, rule: Pick<RuleDraft, 'name' | 'conditions' | 'actions' | 'stopProcessing'>, limit = 50) => request<RulePreview>('POST', `${base(w)}/rules/preview`, { rule, limit }),

  slaPolicies: (w: string) => request<{ policies: SlaPolicyView[] }>('GET', `${base(w)}/sla-policies`),
  createSla: (w: string, input: SlaPolicyInput & { name: string; targets: SlaPolicyView['targets'] }) => request<{ policy: SlaPolicyView }>('POST', `${base(w)}/sla-policies`, input),
  updateSla: (w: string, policyId: string, input: SlaPolicyInput) => request<{ policy: SlaPolicyView }>('PATCH', `${base(w)}/sla-policies/${id(policyId)}`, input),
  deleteSla: (w: string, policyId: string) => request<void>('DELETE', `${base(w)}/sla-policies/${id(policyId)}`),
};

/**
 * Every problem of a 400 `rule.invalid` / `sla.invalid` answer, by JSON path: the message lists them as
 * "path: message; path: message" and `field` names the first.
 */
export function problemsOf(message: string, field: string | undefined): Array<{ path: string; message: string }> {
  const parts = message
    .split(/;\s+(?=[\w[\].()]+:\s)/)
    .map((p) => {
      const m = /^([\w[\].()]+):\s*(.*)$/s.exec(p.trim());
      return m ? { path: m[1]!, message: m[2]! } : { path: field ?? '', message: p.trim() };
    })
    .filter((p) => p.message);
  return parts.length ? parts : [{ path: field ?? '', message }];
}
