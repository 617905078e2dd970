/** Client for the inbox's configuration API (docs/inbox.md): routing rules and SLA policies. */
import { request, ws } from '../../../api.js';
import type { Priority } from '../inboxApi.js';

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
export interface RuleView extends Required<Omit<RuleDraft, 'description'>> {
  id: string;
  description: string | null;
  position: number;
  version: number;
  updatedAt: string;
  updatedBy: { id: string; name: string | null } | null;
}
export interface RuleVersion {
  version: number;
  definition: unknown;
  updatedAt: string;
  updatedBy: { id: string; name: string | null } | string | null;
}

export interface ConditionTrace {
  path: string;
  result: boolean;
  group?: 'all' | 'any' | 'none';
  children?: ConditionTrace[];
  field?: string;
  op?: string;
  expected?: unknown;
  actual?: unknown;
  note?: string;
}
export interface PreviewResult {
  conversationId: string;
  itemId: string;
  at: string;
  channel: string;
  text: string;
  matched: boolean;
  outcome: { teamId?: string; priority?: string; tags: string[]; assignment?: unknown; autoAcknowledgeTemplateId?: string; escalations: unknown[]; slaPolicyId?: string };
  trace: { status: string; conditions?: ConditionTrace };
}

export interface Shift {
  start: string;
  end: string;
}
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];
export interface SlaTargets {
  firstResponseMs?: number;
  nextResponseMs?: number;
  resolutionMs?: number;
}
export interface SlaPolicy {
  id: string;
  name: string;
  isDefault: boolean;
  clock: 'business' | 'calendar';
  warningRatio: number;
  pauseResolutionWhen: string[];
  reopenOnCustomerMessage: boolean;
  targets: Partial<Record<Priority, SlaTargets>>;
  schedule: {
    timeZone: string;
    week: Partial<Record<Day, Shift[]>>;
    holidays: { korean?: boolean; laborDay: boolean; extra: Array<{ date: string; name: string }>; exclude: string[] };
    holidayShifts: Shift[];
  };
  escalation: { raisePriority: boolean; teamId: string | null };
  createdAt: string;
}
export type SlaPolicyInput = Partial<Omit<SlaPolicy, 'id' | 'createdAt'>>;

const id = encodeURIComponent;
const base = (w: string) => `${ws(w)}/inbox`;

export const settingsApi = {
  rules: (w: string) => request<{ rules: RuleView[] }>('GET', `${base(w)}/rules`),
  rule: (w: string, ruleId: string) => request<{ rule: RuleView; versions: RuleVersion[] }>('GET', `${base(w)}/rules/${id(ruleId)}`),
  createRule: (w: string, draft: RuleDraft) => request<{ rule: RuleView }>('POST', `${base(w)}/rules`, draft),
  updateRule: (w: string, ruleId: string, patch: Partial<RuleDraft>) => request<{ rule: RuleView }>('PATCH', `${base(w)}/rules/${id(ruleId)}`, patch),
  deleteRule: (w: string, ruleId: string) => request<void>('DELETE', `${base(w)}/rules/${id(ruleId)}`),
  orderRules: (w: string, ruleIds: string[]) => request<{ rules: RuleView[] }>('PUT', `${base(w)}/rules/order`, { ruleIds }),
  restoreRule: (w: string, ruleId: string, version: number) => request<{ rule: RuleView }>('POST', `${base(w)}/rules/${id(ruleId)}/restore`, { version }),
  previewRule: (w: string, rule: Pick<RuleDraft, 'name' | 'conditions' | 'actions' | 'stopProcessing'>, limit = 50) =>
    request<{ evaluated: number; matched: number; results: PreviewResult[] }>('POST', `${base(w)}/rules/preview`, { rule, limit }),

  slaPolicies: (w: string) => request<{ policies: SlaPolicy[] }>('GET', `${base(w)}/sla-policies`),
  createSla: (w: string, input: SlaPolicyInput & { name: string; targets: SlaPolicy['targets'] }) => request<{ policy: SlaPolicy }>('POST', `${base(w)}/sla-policies`, input),
  updateSla: (w: string, policyId: string, input: SlaPolicyInput) => request<{ policy: SlaPolicy }>('PATCH', `${base(w)}/sla-policies/${id(policyId)}`, input),
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
