/**
 * SLA timers for one conversation, recomputed from its events (pure: `now` is an argument).
 *
 * - first_response: from the first customer message to the first agent reply after it.
 * - next_response: from the first customer message after an agent reply to the next agent reply;
 *   the latest cycle is reported, with the number of cycles and breaches so far.
 * - resolution: from the first customer message until the status becomes resolved/closed; paused
 *   while the status is in `policy.pauseResolutionWhen` (default: pending, i.e. waiting on the
 *   customer; snoozed keeps counting, since snoozing is the bank's own choice). Reopening resumes it
 *   with the time already used.
 * Resolving stops a running response timer without a verdict ('cancelled'), unless already breached.
 * Time counts in business hours (`clock: 'business'`, the schedule given) or around the clock.
 */
import { ALWAYS_OPEN, addBusinessTime, businessTimeBetween, type BusinessSchedule } from './business-time.js';

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof STATUSES)[number];
export type TimerKind = 'first_response' | 'next_response' | 'resolution';

export interface SlaTargets {
  firstResponseMs?: number;
  nextResponseMs?: number;
  resolutionMs?: number;
}

export interface SlaPolicy {
  id: string;
  name: string;
  targets: Partial<Record<Priority, SlaTargets>>;
  /** Share of the target after which a running timer is in 'warning'; default 0.8. */
  warningRatio?: number;
  /** 'business' (default) counts only open hours of the schedule; 'calendar' counts all time. */
  clock?: 'business' | 'calendar';
  /** Statuses that pause the resolution timer; default ['pending']. */
  pauseResolutionWhen?: readonly ConversationStatus[];
  /** A customer message sets the status back to open (reopens, unpauses); default true. */
  reopenOnCustomerMessage?: boolean;
}

export type ConversationEvent = { type: 'customer_message'; at: Date } | { type: 'agent_reply'; at: Date } | { type: 'status'; at: Date; status: ConversationStatus };

export type TimerState = 'inactive' | 'running' | 'paused' | 'warning' | 'met' | 'breached' | 'cancelled';

export interface TimerResult {
  kind: TimerKind;
  /** inactive: no target for this priority, or not started. */
  state: TimerState;
  /** Whether time is counting right now ('idle': not started). */
  clock: 'running' | 'paused' | 'stopped' | 'idle';
  targetMs: number | null;
  startedAt: Date | null;
  /** When the target is (or was) reached; null while paused before breaching (unknown until resumed). */
  dueAt: Date | null;
  warningAt: Date | null;
  /** Counted time so far (business ms under a business clock). */
  elapsedMs: number;
  /** targetMs − elapsedMs; negative once breached; null without a target. */
  remainingMs: number | null;
  metAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  /** next_response only: cycles started and breached so far (the result describes the last). */
  cycles?: number;
  breaches?: number;
}

export interface SlaResult {
  policyId: string;
  priority: Priority;
  status: ConversationStatus;
  firstResponse: TimerResult;
  nextResponse: TimerResult;
  resolution: TimerResult;
}

export interface SlaInput {
  policy: SlaPolicy;
  priority: Priority;
  events: readonly ConversationEvent[];
  now: Date;
  /** Required for a business clock; ignored by a calendar clock. */
  schedule?: BusinessSchedule;
  /** Status before the first event; default 'open'. */
  initialStatus?: ConversationStatus;
}

/** Problems with a policy as `path: message` strings; empty when valid. */
export function validateSlaPolicy(policy: SlaPolicy): string[] {
  const errors: string[] = [];
  if (typeof policy.id !== 'string' || !policy.id) errors.push('id: required');
  if (typeof policy.name !== 'string' || !policy.name.trim()) errors.push('name: required');
  for (const [p, t] of Object.entries(policy.targets ?? {})) {
    if (!(PRIORITIES as readonly string[]).includes(p)) errors.push(`targets.${p}: unknown priority (use ${PRIORITIES.join(', ')})`);
    for (const [k, v] of Object.entries(t ?? {})) {
      if (!['firstResponseMs', 'nextResponseMs', 'resolutionMs'].includes(k)) errors.push(`targets.${p}.${k}: unknown target`);
      else if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) errors.push(`targets.${p}.${k}: must be a positive number of ms`);
    }
  }
  const r = policy.warningRatio;
  if (r !== undefined && !(typeof r === 'number' && r > 0 && r <= 1)) errors.push('warningRatio: must be in (0, 1]');
  if (policy.clock !== undefined && policy.clock !== 'business' && policy.clock !== 'calendar') errors.push("clock: 'business' or 'calendar'");
  (policy.pauseResolutionWhen ?? []).forEach((s, i) => {
    if (!(STATUSES as readonly string[]).includes(s) || s === 'resolved' || s === 'closed') errors.push(`pauseResolutionWhen[${i}]: must be open, pending or snoozed`);
  });
  return errors;
}

/** A timer as a list of counting spans [start, end) (end null = still counting). */
interface Spans {
  startedAt: number | null;
  spans: Array<[number, number | null]>;
  stoppedAt: number | null;
  /** How it stopped: the target action (met) or a resolution without it (cancelled). */
  stop: 'met' | 'cancelled' | null;
}

const isDone = (s: ConversationStatus): boolean => s === 'resolved' || s === 'closed';

function newSpans(): Spans {
  return { startedAt: null, spans: [], stoppedAt: null, stop: null };
}
function startSpan(t: Spans, at: number): void {
  if (t.startedAt === null) t.startedAt = at;
  const last = t.spans.at(-1);
  if (!last || last[1] !== null) t.spans.push([at, null]);
}
function endSpan(t: Spans, at: number): void {
  const last = t.spans.at(-1);
  if (last && last[1] === null) last[1] = at;
}
function running(t: Spans): boolean {
  return t.spans.at(-1)?.[1] === null;
}
function finish(t: Spans, at: number, how: 'met' | 'cancelled'): void {
  endSpan(t, at);
  t.stoppedAt = at;
  t.stop = how;
}

export function evaluateSla(input: SlaInput): SlaResult {
  const { policy, priority } = input;
  const now = input.now.getTime();
  const pausing = new Set(policy.pauseResolutionWhen ?? ['pending']);
  const reopen = policy.reopenOnCustomerMessage ?? true;
  const events = input.events
    .map((e, i) => ({ e, i, t: e.at.getTime() }))
    .filter((x) => x.t <= now)
    .sort((a, b) => a.t - b.t || a.i - b.i);

  const first = newSpans();
  let next = newSpans();
  const nextCycles: Spans[] = [];
  const resolution = newSpans();
  let status: ConversationStatus = input.initialStatus ?? 'open';
  let replied = false;

  const setStatus = (to: ConversationStatus, at: number): void => {
    status = to;
    if (resolution.startedAt === null) return;
    if (isDone(to)) {
      finish(resolution, at, 'met');
      for (const t of [first, next]) if (running(t)) finish(t, at, 'cancelled');
    } else {
      resolution.stoppedAt = null;
      resolution.stop = null;
      if (pausing.has(to)) endSpan(resolution, at);
      else startSpan(resolution, at);
    }
  };

  for (const { e, t } of events) {
    if (e.type === 'customer_message') {
      if (reopen && status !== 'open') setStatus('open', t);
      if (first.startedAt === null) {
        startSpan(first, t);
        startSpan(resolution, t);
        if (pausing.has(status) || isDone(status)) endSpan(resolution, t);
      } else if (replied && !running(next) && (next.startedAt === null || next.stoppedAt !== null)) {
        next = newSpans();
        nextCycles.push(next);
        startSpan(next, t);
      } else if (!replied && first.stop === 'cancelled') {
        first.stop = null; // reopened before any reply: the first response is owed again
        first.stoppedAt = null;
        startSpan(first, t);
      }
    } else if (e.type === 'agent_reply') {
      if (first.startedAt === null) continue; // outbound before the customer wrote: no timer
      if (running(first)) finish(first, t, 'met');
      if (running(next)) finish(next, t, 'met');
      replied = true;
    } else {
      setStatus(e.status, t);
    }
  }

  const targets = policy.targets[priority] ?? {};
  const ctx: Ctx = { now, ratio: policy.warningRatio ?? 0.8, schedule: policy.clock === 'calendar' ? ALWAYS_OPEN : (input.schedule ?? requireSchedule()) };
  const nextResult = timer('next_response', next, targets.nextResponseMs, ctx);
  const cycleResults = nextCycles.map((c) => timer('next_response', c, targets.nextResponseMs, ctx));
  return {
    policyId: policy.id,
    priority,
    status,
    firstResponse: timer('first_response', first, targets.firstResponseMs, ctx),
    nextResponse: { ...nextResult, cycles: nextCycles.length, breaches: cycleResults.filter((r) => r.state === 'breached').length },
    resolution: timer('resolution', resolution, targets.resolutionMs, ctx),
  };
}

function requireSchedule(): never {
  throw new RangeError('a business-clock SLA policy needs a schedule');
}

interface Ctx {
  now: number;
  ratio: number;
  schedule: BusinessSchedule;
}

/**
 * The instant the counted time reaches `amount`: inside a span when it does, otherwise projected as if
 * the last span went on (for a running timer that is the real due time; for a stopped one, the time it
 * was due).
 */
function project(spans: Spans['spans'], amount: number, ctx: Ctx): number {
  let used = 0;
  for (let k = 0; k < spans.length - 1; k++) {
    const [s, e] = spans[k]!;
    const span = businessTimeBetween(new Date(s), new Date(e!), ctx.schedule);
    if (used + span >= amount) return addBusinessTime(new Date(s), amount - used, ctx.schedule).getTime();
    used += span;
  }
  return addBusinessTime(new Date(spans.at(-1)![0]), amount - used, ctx.schedule).getTime();
}

function timer(kind: TimerKind, t: Spans, target: number | undefined, ctx: Ctx): TimerResult {
  const date = (n: number | null): Date | null => (n === null ? null : new Date(n));
  const elapsed = t.spans.reduce((sum, [s, e]) => sum + businessTimeBetween(new Date(s), new Date(e ?? ctx.now), ctx.schedule), 0);
  const isRunning = running(t);
  const clock: TimerResult['clock'] = t.startedAt === null ? 'idle' : t.stop !== null ? 'stopped' : isRunning ? 'running' : 'paused';
  const base = { kind, clock, startedAt: date(t.startedAt), elapsedMs: elapsed, stoppedAt: date(t.stoppedAt) };
  if (target === undefined || t.startedAt === null) {
    return { ...base, state: 'inactive', targetMs: target ?? null, dueAt: null, warningAt: null, remainingMs: target ?? null, metAt: null, breachedAt: null };
  }
  // Counting stopped (or stops, for a running timer: now) at the cutoff; what lies before it happened.
  const cutoff = isRunning ? ctx.now : t.spans.at(-1)![1]!;
  const due = project(t.spans, target, ctx);
  const warn = project(t.spans, target * ctx.ratio, ctx);
  const breached = due < cutoff || (due === cutoff && t.stop !== 'met');
  let state: TimerState;
  if (breached) state = 'breached';
  else if (t.stop === 'met') state = 'met';
  else if (t.stop === 'cancelled') state = 'cancelled';
  else if (!isRunning) state = 'paused';
  else if (warn <= ctx.now) state = 'warning';
  else state = 'running';
  const known = (at: number): number | null => (isRunning || t.stop !== null || at <= cutoff ? at : null);
  return {
    ...base,
    state,
    targetMs: target,
    dueAt: date(known(due)),
    warningAt: date(known(warn)),
    remainingMs: target - elapsed,
    metAt: state === 'met' ? date(t.stoppedAt) : null,
    breachedAt: breached ? date(due) : null,
  };
}
