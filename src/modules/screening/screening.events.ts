/** Bus subjects the screening module publishes, with their payloads. */
export const RULE_SET_ACTIVATED = 'screening.rule_set_activated';

export interface RuleSetActivatedEvent {
  workspaceId: string;
  version: number;
  previousVersion: number | null;
}
