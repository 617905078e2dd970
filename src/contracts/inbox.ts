/**
 * The inbox's JSON views (`/api/v1/w/:ws/inbox`, docs/inbox.md): what the server sends and the web reads.
 * Types only; dates are ISO strings (docs/ARCHITECTURE.md, Contracts).
 */

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved' | 'closed';
export type Priority = 'urgent' | 'high' | 'normal' | 'low';

export interface CustomerRef {
  id: string;
  handle: string | null;
  name: string | null;
  followers: number | null;
  verified: boolean | null;
  influence: number | null;
  profileUrl: string | null;
}

export interface ConversationView {
  id: string;
  accountId: string;
  channel: string;
  isPrivate: boolean;
  subject: string | null;
  status: ConversationStatus;
  priority: Priority;
  tags: string[];
  customer: CustomerRef;
  assignee: { id: string; name: string | null } | null;
  team: { id: string; name: string | null } | null;
  snoozedUntil: string | null;
  linkedConversationId: string | null;
  /** Grouped from history (demo history, an import): closed as history, never queued. */
  isHistory: boolean;
  messageCount: number;
  lastMessageAt: string;
  lastCustomerMessageAt: string | null;
  lastAgentReplyAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  slaDueAt: string | null;
  createdAt: string;
}

/** A reply of the bank's, as the outbox keeps it. */
export interface OutboxView {
  id: string;
  conversationId: string;
  text: string;
  isPrivate: boolean;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  errorCode: string | null;
  nativeId: string | null;
  url: string | null;
  authorUserId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export type ThreadEntry =
  | {
      type: 'item';
      at: string;
      id: string;
      kind: string;
      direction: string;
      isPrivate: boolean;
      text: string;
      author: { handle: string | null; name: string | null };
      url: string | null;
      lang: string | null;
      analysis: unknown;
      deletedAt: string | null;
      editedAt: string | null;
    }
  | { type: 'reply'; at: string; reply: OutboxView }
  | { type: 'note'; at: string; id: string; text: string; author: { id: string | null; name: string | null }; mentions: string[] };

export type SlaTimerKind = 'first_response' | 'next_response' | 'resolution';
export type SlaTimerState = 'inactive' | 'running' | 'paused' | 'warning' | 'met' | 'breached' | 'cancelled';

export interface SlaTimerView {
  kind: SlaTimerKind;
  state: SlaTimerState;
  /** Whether time is counting right now ('idle': not started). */
  clock: 'running' | 'paused' | 'stopped' | 'idle';
  /** null: no target for this priority. */
  targetMs: number | null;
  elapsedMs: number;
  remainingMs: number | null;
  startedAt: string | null;
  dueAt: string | null;
  warningAt: string | null;
  metAt: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
  cycles?: number;
  breaches?: number;
}

/** Why a conversation has its SLA policy: the workspace default, a routing rule (named), or a person's choice. */
export type SlaReason = { kind: 'default' } | { kind: 'rule'; ruleId: string; ruleName: string | null } | { kind: 'manual' };

export interface SlaView {
  policy: { id: string; name: string } | null;
  reason: SlaReason;
  priority: Priority;
  timers: SlaTimerView[];
}

export type PresenceState = 'viewing' | 'typing' | 'left';

/** Who views or types in a conversation; also `event: presence` on GET /events. */
export interface PresenceEvent {
  workspaceId: string;
  conversationId: string;
  userId: string;
  name: string;
  state: PresenceState;
  at: string;
  expiresAt: string;
}

/** `event: conversation` on GET /events (and the bus message behind it). */
export interface ConversationEvent {
  workspaceId: string;
  conversationId: string;
  change: 'created' | 'message' | 'reply_sent' | 'reply_failed' | 'updated' | 'note' | 'sla';
  /** The item that arrived, for 'created' and 'message'. */
  itemId?: string;
  /** For 'sla': which timer warned or breached. */
  sla?: { kind: SlaTimerKind; state: 'warning' | 'breached' };
}

export interface ReplyLimits {
  maxLength: number;
  /** How length is counted: characters, UTF-8 bytes, or X's weighted count (CJK counts 2). */
  lengthUnit: 'chars' | 'bytes' | 'x-weighted';
  canReplyPublicly: boolean;
  canReplyPrivately: boolean;
  /** Hours after the customer's last message in which a private reply is allowed (Messenger: 24). */
  privateWindowHours?: number;
  /**
   * The publish target whose `measure()` counts this reply (a public post answering a post is counted as
   * a post); absent: the reply is counted in `lengthUnit` as code points or UTF-8 bytes.
   */
  measureTarget?: string;
  /**
   * Set by the outbox, not the adapter: the workspace turns the reply's links into tracked short links
   * before sending; this is one as it will be written (same host, same length), and each http(s) address
   * is counted as it.
   */
  trackedLinkSample?: string;
}

/** GET /conversations/:id. */
export interface ConversationDetail {
  conversation: ConversationView;
  thread: ThreadEntry[];
  history: ConversationView[];
  sla: SlaView | null;
  presence: PresenceEvent[];
  /** What a reply may be here: the channel's limits as the server checks them (null: no answer possible). */
  replyLimits: ReplyLimits | null;
}

export interface TeamView {
  id: string;
  name: string;
  skills: string[];
  memberIds: string[];
  createdAt: string;
}

export type Availability = 'online' | 'away' | 'offline';

export interface AgentSkills {
  languages: string[];
  products: string[];
}

export interface AgentView {
  userId: string;
  name: string;
  /** null unless the caller may read users (users.read). */
  email: string | null;
  role: string;
  teamIds: string[];
  skills: AgentSkills;
  capacity: number;
  availability: Availability;
  load: number;
  lastAssignedAt: string | null;
  configured: boolean;
}

export interface CannedReplyView {
  id: string;
  name: string;
  text: string;
  language: string;
  variables: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateIssue {
  code: 'unclosed' | 'empty_placeholder' | 'invalid_name';
  /** UTF-16 offset in the template. */
  index: number;
  message: string;
}

/** A canned reply rendered for a conversation (POST /canned-replies/:id/render). */
export interface RenderResult {
  text: string;
  /** Variables used, in order of first use. */
  variables: string[];
  unknown: string[];
  /** Known variables that had neither a value nor a default. */
  missing: string[];
  errors: TemplateIssue[];
  ok: boolean;
}

export interface Durations {
  count: number;
  wall: { medianMs: number | null; p90Ms: number | null };
  business: { medianMs: number | null; p90Ms: number | null };
}

/** GET /inbox/reports. */
export interface InboxReport {
  from: string;
  to: string;
  teamId: string | null;
  firstResponse: Durations;
  resolution: Durations;
  sla: Array<{ kind: SlaTimerKind; met: number; breached: number; attainment: number | null }>;
  backlog: Array<{ teamId: string | null; teamName: string | null; total: number; buckets: { lt1h: number; h1to4: number; h4to24: number; d1to3: number; gt3d: number } }>;
  agents: Array<{ userId: string; name: string | null; open: number; resolved: number; firstResponseMedianMs: number | null }>;
}

/** One condition of a routing rule (field and operator names: docs/inbox.md, Routing rules). */
export interface RuleCondition {
  field: string;
  op: string;
  /** Omitted for exists (which may take false: "is absent"). */
  value?: string | number | boolean | readonly string[];
  /** text contains: 'token' (default) matches whole tokens of the tokenizer; 'substring' anywhere. */
  match?: 'token' | 'substring';
}
export type RuleConditionGroup = { all: readonly RuleConditionNode[] } | { any: readonly RuleConditionNode[] } | { none: readonly RuleConditionNode[] };
export type RuleConditionNode = RuleCondition | RuleConditionGroup;

export type RuleAction =
  | { type: 'set_team'; teamId: string }
  | { type: 'set_priority'; priority: Priority }
  | { type: 'add_tags'; tags: readonly string[] }
  | { type: 'assign_agent'; agentId: string }
  | { type: 'assign_strategy'; strategy: 'round_robin' | 'least_loaded'; teamId?: string }
  | { type: 'auto_acknowledge'; templateId: string }
  /** To a team (also moves the conversation there) or to the team's manager (flag only). */
  | { type: 'escalate'; teamId?: string; manager?: boolean; reason?: string }
  | { type: 'set_sla_policy'; policyId: string };

export type RuleRunOn = 'created' | 'every_message';

/** What a rule version keeps: everything that defines the rule (not whether it is on, nor its place). */
export interface RuleDefinition {
  name: string;
  description: string | null;
  runOn: RuleRunOn;
  conditions: RuleConditionGroup;
  actions: readonly RuleAction[];
  stopProcessing: boolean;
}

/** A routing rule. */
export interface RuleView extends RuleDefinition {
  id: string;
  enabled: boolean;
  position: number;
  version: number;
  updatedAt: string;
  updatedBy: { id: string; name: string | null } | null;
}

export interface RuleVersionView {
  version: number;
  definition: RuleDefinition;
  updatedAt: string;
  updatedBy: { id: string; name: string | null } | null;
}

export interface ConditionTrace {
  /** Where in the rule: 'conditions.all[1].any[0]'. */
  path: string;
  result: boolean;
  group?: 'all' | 'any' | 'none';
  children?: ConditionTrace[];
  field?: string;
  op?: string;
  expected?: unknown;
  /** The value the condition saw (for text: the keywords found). */
  actual?: unknown;
  note?: string;
}

export interface RuleTrace {
  ruleId: string;
  name: string;
  status: 'matched' | 'not_matched' | 'disabled' | 'skipped';
  conditions?: ConditionTrace;
  /** Fields this rule set that a later rule overrode. */
  overridden?: string[];
}

/** What the rules decided for a message. */
export interface RoutingOutcome {
  teamId?: string;
  priority?: Priority;
  tags: string[];
  assignment?: { type: 'agent'; agentId: string } | { type: 'strategy'; strategy: 'round_robin' | 'least_loaded'; teamId?: string };
  autoAcknowledgeTemplateId?: string;
  escalations: Array<{ teamId?: string; manager: boolean; reason?: string; ruleId: string }>;
  slaPolicyId?: string;
  matchedRuleIds: string[];
  /** The rule that set each single-valued field. */
  setBy: Partial<Record<string, string>>;
}

/** POST /rules/preview: a draft rule run over recent conversations. */
export interface RulePreview {
  evaluated: number;
  matched: number;
  results: Array<{ conversationId: string; itemId: string; at: string; channel: string; text: string; matched: boolean; outcome: RoutingOutcome; trace: RuleTrace }>;
}

export type DayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Opening hours of a day, "HH:MM" in the schedule's zone. */
export interface Shift {
  start: string;
  end: string;
}

export interface SlaTargets {
  firstResponseMs?: number;
  nextResponseMs?: number;
  resolutionMs?: number;
}

export interface SlaPolicyView {
  id: string;
  name: string;
  isDefault: boolean;
  clock: 'business' | 'calendar';
  warningRatio: number;
  pauseResolutionWhen: ConversationStatus[];
  reopenOnCustomerMessage: boolean;
  targets: Partial<Record<Priority, SlaTargets>>;
  schedule: {
    timeZone: string;
    week: Partial<Record<DayKey, Shift[]>>;
    /** Korean public holidays always close a business schedule; these adjust it. */
    holidays: { laborDay: boolean; extra: Array<{ date: string; name: string }>; exclude: string[] };
    holidayShifts: Shift[];
  };
  /** On a breach: raise the priority one step, and/or move the conversation to a team. */
  escalation: { raisePriority: boolean; teamId: string | null };
  createdAt: string;
}

/** A canned reply proposed from a microblog post, awaiting compliance (`GET /inbox/canned-proposals`). */
export interface CannedProposalView {
  id: string;
  name: string;
  text: string;
  language: string;
  source: { kind: string; ref: string; label: string };
  proposedBy: string;
  proposedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  cannedReplyId: string | null;
}
