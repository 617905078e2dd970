/** Pure parts of the reports screen: periods as query parameters, Korean-friendly figures, chart options. */
import { BUCKETS, type Bucket, type InboxReport } from './reportsApi.js';

export const PRESETS = ['today', '7d', '30d', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
const DAY = 86_400_000;

/** A Seoul calendar day ('2026-11-23') at its midnight, as an instant. */
export const seoulMidnight = (day: string): Date => new Date(`${day}T00:00:00+09:00`);
/** Today's date in Seoul ('2026-11-23'). */
export const seoulToday = (now: number): string => new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * The period to ask for. Periods that end now leave `to` out, so the server's "now" ends them; a custom
 * period runs from the first day's midnight to the midnight after the last day (Seoul).
 */
export function periodQuery(preset: Preset, now: number, custom: { from: string; to: string }): { from?: string; to?: string } | null {
  switch (preset) {
    case 'today':
      return { from: seoulMidnight(seoulToday(now)).toISOString() };
    case '7d':
      return { from: new Date(now - 7 * DAY).toISOString() };
    case '30d':
      return { from: new Date(now - 30 * DAY).toISOString() };
    case 'custom': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(custom.from) || !/^\d{4}-\d{2}-\d{2}$/.test(custom.to)) return null;
      const from = seoulMidnight(custom.from);
      const to = new Date(seoulMidnight(custom.to).getTime() + DAY);
      return from < to ? { from: from.toISOString(), to: to.toISOString() } : null;
    }
  }
}

/** Attainment 0.833 → "83.3%"; null → undefined (no data). */
export function percent(v: number | null, locale: string): string | undefined {
  return v === null ? undefined : new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

/** Backlog summed over teams, per age bucket. */
export function ageTotals(r: InboxReport): Record<Bucket, number> {
  const out = { lt1h: 0, h1to4: 0, h4to24: 0, d1to3: 0, gt3d: 0 };
  for (const b of r.backlog) for (const k of BUCKETS) out[k] += b.buckets[k];
  return out;
}

export const BUCKET_COLOR: Record<Bucket, string> = { lt1h: '#8fb3e6', h1to4: '#1f5fbf', h4to24: '#e6a23c', d1to3: '#e67e22', gt3d: '#c0392b' };
const grid = { left: 16, right: 16, top: 36, bottom: 16, containLabel: true };

/** Horizontal bars, one per team, stacked by age: where the backlog sits and how old it is. */
export function backlogOption(r: InboxReport, teamName: (id: string | null, name: string | null) => string, bucketLabel: (b: Bucket) => string) {
  const rows = [...r.backlog].reverse();
  return {
    color: BUCKETS.map((b) => BUCKET_COLOR[b]),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    yAxis: { type: 'category', data: rows.map((b) => teamName(b.teamId, b.teamName)) },
    xAxis: { type: 'value', minInterval: 1 },
    series: BUCKETS.map((k) => ({ id: k, name: bucketLabel(k), type: 'bar', stack: 'age', barMaxWidth: 24, data: rows.map((b) => b.buckets[k]) })),
  };
}

/** Columns per age bucket over all teams. */
export function ageOption(r: InboxReport, bucketLabel: (b: Bucket) => string) {
  const totals = ageTotals(r);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { ...grid, top: 16 },
    xAxis: { type: 'category', data: BUCKETS.map(bucketLabel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', barMaxWidth: 36, data: BUCKETS.map((k) => ({ value: totals[k], itemStyle: { color: BUCKET_COLOR[k] } })) }],
  };
}

/** Open now and resolved in the period, per agent. */
export function agentsOption(r: InboxReport, agentName: (a: InboxReport['agents'][number]) => string, labels: { open: string; resolved: string }) {
  const rows = [...r.agents].reverse();
  return {
    color: ['#1f5fbf', '#1c7a47'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    yAxis: { type: 'category', data: rows.map(agentName) },
    xAxis: { type: 'value', minInterval: 1 },
    series: [
      { id: 'open', name: labels.open, type: 'bar', barMaxWidth: 16, data: rows.map((a) => a.open) },
      { id: 'resolved', name: labels.resolved, type: 'bar', barMaxWidth: 16, data: rows.map((a) => a.resolved) },
    ],
  };
}

/** Met and breached timers per SLA target, stacked. */
export function slaOption(r: InboxReport, kindLabel: (k: InboxReport['sla'][number]['kind']) => string, labels: { met: string; breached: string }) {
  return {
    color: ['#1c7a47', '#c0392b'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: r.sla.map((s) => kindLabel(s.kind)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { id: 'met', name: labels.met, type: 'bar', stack: 'sla', barMaxWidth: 36, data: r.sla.map((s) => s.met) },
      { id: 'breached', name: labels.breached, type: 'bar', stack: 'sla', barMaxWidth: 36, data: r.sla.map((s) => s.breached) },
    ],
  };
}
