/** The SLA policy form's values and their conversion to and from the API's shape (ms, shift lists). */
import { PRIORITIES, type Priority } from '../inboxApi.js';
import { DAYS, type Day, type Shift, type SlaPolicy, type SlaPolicyInput } from './settingsApi.js';

export const TARGET_KEYS = ['firstResponseMs', 'nextResponseMs', 'resolutionMs'] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

export interface SlaForm {
  name: string;
  isDefault: boolean;
  clock: 'business' | 'calendar';
  warningPct: string;
  /** Minutes, as typed; empty = no target. */
  targets: Record<Priority, Record<TargetKey, string>>;
  pausePending: boolean;
  pauseSnoozed: boolean;
  reopen: boolean;
  /** Per day "09:00-18:00" or "09:00-12:00, 13:00-18:00"; empty = closed. */
  week: Record<Day, string>;
  laborDay: boolean;
  /** One closure per line: "2026-12-31 연말 휴무". */
  extra: string;
  /** One date per line: open anyway. */
  exclude: string;
  raisePriority: boolean;
  escalateTeamId: string;
}

const minutes = (ms: number | undefined) => (ms === undefined ? '' : String(Math.round((ms / 60_000) * 100) / 100));
const shifts = (list: Shift[] | undefined) => (list ?? []).map((s) => `${s.start}-${s.end}`).join(', ');

export function formOf(p: SlaPolicy | null): SlaForm {
  const targets = {} as SlaForm['targets'];
  for (const pr of PRIORITIES) {
    const tg = p?.targets[pr] ?? {};
    targets[pr] = { firstResponseMs: minutes(tg.firstResponseMs), nextResponseMs: minutes(tg.nextResponseMs), resolutionMs: minutes(tg.resolutionMs) };
  }
  const week = {} as SlaForm['week'];
  for (const d of DAYS) week[d] = p ? shifts(p.schedule.week[d]) : ['sat', 'sun'].includes(d) ? '' : '09:00-18:00';
  return {
    name: p?.name ?? '',
    isDefault: p?.isDefault ?? false,
    clock: p?.clock ?? 'business',
    warningPct: String(Math.round((p?.warningRatio ?? 0.8) * 100)),
    targets,
    pausePending: p ? p.pauseResolutionWhen.includes('pending') : true,
    pauseSnoozed: p ? p.pauseResolutionWhen.includes('snoozed') : false,
    reopen: p?.reopenOnCustomerMessage ?? true,
    week,
    laborDay: p?.schedule.holidays.laborDay ?? true,
    extra: (p?.schedule.holidays.extra ?? []).map((e) => `${e.date} ${e.name}`).join('\n'),
    exclude: (p?.schedule.holidays.exclude ?? []).join('\n'),
    raisePriority: p?.escalation.raisePriority ?? true,
    escalateTeamId: p?.escalation.teamId ?? '',
  };
}

/** Shifts as typed; anything unreadable is passed on as written so the server names the problem. */
function parseShifts(text: string): Shift[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [start = '', end = ''] = s.split(/\s*[-–~]\s*/);
      return { start, end };
    });
}

export function inputOf(f: SlaForm, timeZone = 'Asia/Seoul'): SlaPolicyInput & { name: string; targets: SlaPolicy['targets'] } {
  const targets: SlaPolicy['targets'] = {};
  for (const pr of PRIORITIES) {
    const out: Partial<Record<TargetKey, number>> = {};
    for (const k of TARGET_KEYS) {
      const v = f.targets[pr][k].trim();
      if (v !== '') out[k] = Math.round(Number(v) * 60_000);
    }
    if (Object.keys(out).length) targets[pr] = out;
  }
  const week: Partial<Record<Day, Shift[]>> = {};
  for (const d of DAYS) {
    const list = parseShifts(f.week[d]);
    if (list.length) week[d] = list;
  }
  return {
    name: f.name.trim(),
    isDefault: f.isDefault,
    clock: f.clock,
    warningRatio: Number(f.warningPct) / 100,
    targets,
    pauseResolutionWhen: [...(f.pausePending ? (['pending'] as const) : []), ...(f.pauseSnoozed ? (['snoozed'] as const) : [])],
    reopenOnCustomerMessage: f.reopen,
    schedule: {
      timeZone,
      week,
      holidays: {
        laborDay: f.laborDay,
        extra: f.extra
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => {
            const [date = '', ...name] = l.split(/\s+/);
            return { date, name: name.join(' ') || date };
          }),
        exclude: f.exclude
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      },
      holidayShifts: [],
    },
    escalation: { raisePriority: f.raisePriority, teamId: f.escalateTeamId || null },
  };
}

/** The form control a server path (`targets.high.firstResponseMs`, `schedule.week.mon[0].end`) belongs to. */
export function controlOf(path: string): string | undefined {
  let m = /^targets\.(\w+)\.(\w+)/.exec(path);
  if (m) return `sla-${m[1]}-${m[2]}`;
  m = /^schedule\.week\.(\w+)/.exec(path);
  if (m) return `sla-day-${m[1]}`;
  if (path.startsWith('schedule.holidays.extra')) return 'sla-extra';
  if (path.startsWith('schedule.holidays.exclude')) return 'sla-exclude';
  if (path.startsWith('warningRatio')) return 'sla-warning';
  if (path.startsWith('name')) return 'sla-name';
  if (path.startsWith('escalation')) return 'sla-escalate-team';
  return undefined;
}
