import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, hours, minutes, officeHours, type BusinessSchedule } from './business-time.js';
import { KOREAN_HOLIDAYS } from './holidays.js';
import { evaluateSla, validateSlaPolicy, type ConversationEvent, type SlaInput, type SlaPolicy } from './sla.js';

const kst = (s: string): Date => new Date(`${s}+09:00`);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const at = (s: string): string => kst(s).toISOString();
const schedule = officeHours({ holidays: KOREAN_HOLIDAYS });

const policy: SlaPolicy = {
  id: 'std',
  name: 'Standard',
  targets: {
    urgent: { firstResponseMs: minutes(30), nextResponseMs: minutes(30), resolutionMs: hours(4) },
    normal: { firstResponseMs: hours(1), nextResponseMs: hours(2), resolutionMs: hours(8) },
    low: {},
  },
  warningRatio: 0.8,
};

const msg = (s: string): ConversationEvent => ({ type: 'customer_message', at: kst(s) });
const reply = (s: string): ConversationEvent => ({ type: 'agent_reply', at: kst(s) });
const status = (s: string, to: 'open' | 'pending' | 'snoozed' | 'resolved' | 'closed'): ConversationEvent => ({ type: 'status', at: kst(s), status: to });
const run = (events: ConversationEvent[], now: string, over: Partial<SlaInput> = {}) => evaluateSla({ policy, priority: 'normal', events, now: kst(now), schedule, ...over });

describe('first response', () => {
  it('is met by a reply before the due time', () => {
    const r = run([msg('2025-02-03T10:00'), reply('2025-02-03T10:30')], '2025-02-03T12:00').firstResponse;
    expect(r).toMatchObject({ state: 'met', clock: 'stopped', elapsedMs: minutes(30), remainingMs: minutes(30), breachedAt: null });
    expect(iso(r.metAt)).toBe(at('2025-02-03T10:30'));
    expect(iso(r.dueAt)).toBe(at('2025-02-03T11:00'));
    expect(iso(r.startedAt)).toBe(at('2025-02-03T10:00'));
  });

  it('runs, warns at 80 %, breaches at the due time', () => {
    const events = [msg('2025-02-03T10:00')];
    expect(run(events, '2025-02-03T10:40').firstResponse.state).toBe('running');
    const w = run(events, '2025-02-03T10:50').firstResponse;
    expect(w.state).toBe('warning');
    expect(iso(w.warningAt)).toBe(at('2025-02-03T10:48'));
    expect(run(events, '2025-02-03T11:00').firstResponse.state).toBe('breached');
    const b = run(events, '2025-02-03T11:30').firstResponse;
    expect(b).toMatchObject({ state: 'breached', clock: 'running', remainingMs: -minutes(30) });
    expect(iso(b.breachedAt)).toBe(at('2025-02-03T11:00'));
  });

  it('a reply exactly at the due time meets it; a later reply leaves it breached', () => {
    expect(run([msg('2025-02-03T10:00'), reply('2025-02-03T11:00')], '2025-02-03T12:00').firstResponse.state).toBe('met');
    const late = run([msg('2025-02-03T10:00'), reply('2025-02-03T11:01')], '2025-02-03T12:00').firstResponse;
    expect(late).toMatchObject({ state: 'breached', metAt: null });
    expect(iso(late.stoppedAt)).toBe(at('2025-02-03T11:01'));
  });

  it('counts business hours only: 17:59 on the Friday before 설날 is due the next Friday at 09:59', () => {
    const events = [msg('2025-01-24T17:59')];
    const r = run(events, '2025-01-29T12:00').firstResponse;
    expect(r).toMatchObject({ state: 'running', elapsedMs: minutes(1), remainingMs: minutes(59) });
    expect(iso(r.dueAt)).toBe(at('2025-01-31T09:59'));
    expect(iso(r.warningAt)).toBe(at('2025-01-31T09:47'));
    expect(run(events, '2025-01-31T09:59').firstResponse.state).toBe('breached');
  });

  it('takes UTC instants', () => {
    const r = evaluateSla({ policy, priority: 'urgent', schedule, events: [{ type: 'customer_message', at: new Date('2025-02-07T08:50:00Z') }], now: new Date('2025-02-09T00:00:00Z') });
    expect(r.firstResponse.dueAt!.toISOString()).toBe('2025-02-10T00:20:00.000Z'); // Fri 17:50 KST + 30 min → Mon 09:20 KST
  });

  it('ignores outbound replies before the customer wrote, events after now, and input order', () => {
    const events = [reply('2025-02-03T10:30'), msg('2025-02-03T10:00'), reply('2025-02-03T09:00'), reply('2025-02-03T13:00')];
    const r = run(events, '2025-02-03T12:00');
    expect(r.firstResponse.state).toBe('met');
    expect(iso(r.firstResponse.metAt)).toBe(at('2025-02-03T10:30'));
    const before = run([reply('2025-02-03T09:00')], '2025-02-03T12:00').firstResponse;
    expect(before).toMatchObject({ state: 'inactive', clock: 'idle' });
  });
});

describe('next response', () => {
  it('starts at the first customer message after a reply and reports the last cycle', () => {
    const events = [
      msg('2025-02-03T10:00'),
      reply('2025-02-03T10:10'),
      msg('2025-02-03T11:00'),
      msg('2025-02-03T11:05'), // does not restart the clock
      reply('2025-02-03T12:30'),
      msg('2025-02-03T13:00'),
    ];
    const before = run(events.slice(0, 2), '2025-02-03T10:20').nextResponse;
    expect(before).toMatchObject({ state: 'inactive', cycles: 0 });
    const first = run(events.slice(0, 5), '2025-02-03T12:45').nextResponse;
    expect(first).toMatchObject({ state: 'met', elapsedMs: minutes(90), cycles: 1, breaches: 0 });
    const r = run(events, '2025-02-03T15:30').nextResponse;
    expect(r).toMatchObject({ state: 'breached', cycles: 2, breaches: 1 });
    expect(iso(r.startedAt)).toBe(at('2025-02-03T13:00'));
    expect(iso(r.breachedAt)).toBe(at('2025-02-03T15:00'));
  });
});

describe('resolution', () => {
  const conversation = [msg('2025-02-03T10:00'), reply('2025-02-03T10:10'), status('2025-02-03T10:10', 'pending'), msg('2025-02-03T14:00'), status('2025-02-03T15:00', 'resolved')];

  it('pauses while pending (waiting on the customer) by default, and a customer message resumes it', () => {
    const paused = run(conversation.slice(0, 3), '2025-02-03T13:00').resolution;
    expect(paused).toMatchObject({ state: 'paused', clock: 'paused', elapsedMs: minutes(10), dueAt: null, remainingMs: hours(8) - minutes(10) });
    const done = run(conversation, '2025-02-03T16:00');
    expect(done.status).toBe('resolved');
    expect(done.resolution).toMatchObject({ state: 'met', elapsedMs: minutes(70) });
    expect(iso(done.resolution.metAt)).toBe(at('2025-02-03T15:00'));
  });

  it('keeps counting while pending when the policy says so', () => {
    const r = run(conversation, '2025-02-03T16:00', { policy: { ...policy, pauseResolutionWhen: [] } }).resolution;
    expect(r.elapsedMs).toBe(hours(5));
  });

  it('snoozed keeps counting by default, pauses when configured', () => {
    const events = [msg('2025-02-03T10:00'), status('2025-02-03T11:00', 'snoozed')];
    expect(run(events, '2025-02-03T13:00').resolution).toMatchObject({ state: 'running', elapsedMs: hours(3) });
    const custom = { ...policy, pauseResolutionWhen: ['pending', 'snoozed'] as const };
    expect(run(events, '2025-02-03T13:00', { policy: custom }).resolution).toMatchObject({ state: 'paused', elapsedMs: hours(1) });
  });

  it('without reopenOnCustomerMessage a customer message leaves a pending conversation paused', () => {
    const r = run(conversation.slice(0, 4), '2025-02-03T16:00', { policy: { ...policy, reopenOnCustomerMessage: false } });
    expect(r.status).toBe('pending');
    expect(r.resolution).toMatchObject({ state: 'paused', elapsedMs: minutes(10) });
  });

  it('a conversation that starts pending (initialStatus) starts with a paused resolution clock', () => {
    const r = run([msg('2025-02-03T10:00')], '2025-02-03T12:00', { initialStatus: 'pending', policy: { ...policy, reopenOnCustomerMessage: false } });
    expect(r.resolution).toMatchObject({ state: 'paused', elapsedMs: 0 });
    expect(r.firstResponse).toMatchObject({ clock: 'running', elapsedMs: hours(2) }); // response timers never pause
  });

  it('reopening resumes the clock with the time already used', () => {
    const events = [msg('2025-02-03T10:00'), reply('2025-02-03T10:30'), status('2025-02-03T11:00', 'resolved'), msg('2025-02-04T09:00')];
    const r = run(events, '2025-02-04T10:00');
    expect(r.status).toBe('open');
    expect(r.resolution).toMatchObject({ state: 'running', elapsedMs: hours(2), metAt: null });
    expect(iso(r.resolution.dueAt)).toBe(at('2025-02-04T16:00'));
  });

  it('a pause after the breach keeps it breached, with the breach time', () => {
    const events = [msg('2025-02-03T09:00'), status('2025-02-04T09:00', 'pending')];
    const r = run(events, '2025-02-05T09:00').resolution;
    expect(r).toMatchObject({ state: 'breached', clock: 'paused', elapsedMs: hours(9) });
    expect(iso(r.breachedAt)).toBe(at('2025-02-03T17:00'));
  });

  it('resolving without a reply cancels the first-response timer; a new message makes it owed again', () => {
    const events = [msg('2025-02-03T10:00'), status('2025-02-03T10:20', 'resolved')];
    expect(run(events, '2025-02-03T12:00').firstResponse).toMatchObject({ state: 'cancelled', clock: 'stopped', elapsedMs: minutes(20) });
    const again = run([...events, msg('2025-02-03T13:00')], '2025-02-03T13:30').firstResponse;
    expect(again).toMatchObject({ state: 'warning', elapsedMs: minutes(50) }); // 50 of 60 min: past 80 %
    expect(iso(again.dueAt)).toBe(at('2025-02-03T13:40'));
  });

  it('closed stops it like resolved', () => {
    expect(run([msg('2025-02-03T10:00'), status('2025-02-03T11:00', 'closed')], '2025-02-03T12:00').resolution.state).toBe('met');
  });
});

describe('policy, clock and priorities', () => {
  it('a priority without targets leaves the timers inactive but still measures them', () => {
    const r = run([msg('2025-02-03T10:00')], '2025-02-03T11:00', { priority: 'low' });
    expect(r.firstResponse).toMatchObject({ state: 'inactive', clock: 'running', targetMs: null, elapsedMs: hours(1) });
    expect(run([msg('2025-02-03T10:00')], '2025-02-03T11:00', { priority: 'high' }).resolution.state).toBe('inactive');
  });

  it('a calendar clock counts nights and weekends and needs no schedule', () => {
    const cal = { ...policy, clock: 'calendar' as const };
    const r = evaluateSla({ policy: cal, priority: 'urgent', events: [msg('2025-02-07T17:50')], now: kst('2025-02-07T18:30') });
    expect(r.firstResponse).toMatchObject({ state: 'breached', elapsedMs: minutes(40) });
    expect(iso(r.firstResponse.breachedAt)).toBe(at('2025-02-07T18:20'));
  });

  it('a 24/7 schedule counts straight through nights, weekends and 설날', () => {
    const r = run([msg('2025-01-28T23:50')], '2025-01-29T00:30', { priority: 'urgent', schedule: ALWAYS_OPEN }).firstResponse;
    expect(r).toMatchObject({ state: 'breached', elapsedMs: minutes(40) });
    expect(iso(r.breachedAt)).toBe(at('2025-01-29T00:20'));
  });

  it('a night desk (22:00–06:00) runs the clock overnight only', () => {
    const nights: BusinessSchedule = { week: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ start: '22:00', end: '06:00' }]])) };
    const r = run([msg('2025-02-04T05:50')], '2025-02-04T12:00', { priority: 'urgent', schedule: nights }).firstResponse;
    expect(r).toMatchObject({ state: 'running', elapsedMs: minutes(10) });
    expect(iso(r.dueAt)).toBe(at('2025-02-04T22:20'));
  });

  it('substitute holidays stop the business clock (3/3/2025 after 삼일절 on Saturday)', () => {
    const r = run([msg('2025-02-28T17:30')], '2025-03-04T09:00').firstResponse;
    expect(r).toMatchObject({ state: 'running', elapsedMs: minutes(30), remainingMs: minutes(30) });
    expect(iso(r.dueAt)).toBe(at('2025-03-04T09:30'));
  });

  it('a business clock without a schedule is an error', () => {
    expect(() => evaluateSla({ policy, priority: 'normal', events: [], now: kst('2025-02-03T10:00') })).toThrow(/needs a schedule/);
  });

  it('validates policies with paths', () => {
    expect(validateSlaPolicy(policy)).toEqual([]);
    const bad = { id: '', name: 'x', targets: { critical: {}, normal: { firstResponseMs: -5, slowMs: 3 } }, warningRatio: 1.5, clock: 'wall', pauseResolutionWhen: ['resolved'] } as unknown as SlaPolicy;
    expect(validateSlaPolicy(bad)).toEqual([
      'id: required',
      'targets.critical: unknown priority (use urgent, high, normal, low)',
      'targets.normal.firstResponseMs: must be a positive number of ms',
      'targets.normal.slowMs: unknown target',
      'warningRatio: must be in (0, 1]',
      "clock: 'business' or 'calendar'",
      'pauseResolutionWhen[0]: must be open, pending or snoozed',
    ]);
  });
});
