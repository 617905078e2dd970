/** ECharts options for the communication index (plain data in, option objects out). */
import type { CommWeek } from './notifyApi.js';

const PALETTE = ['#1f5fbf', '#e67e22', '#8e44ad', '#16a085', '#c0392b', '#2c3e50', '#d4ac0d', '#7f8c8d'];
const grid = { left: 48, right: 56, top: 40, bottom: 28, containLabel: true };
const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const weekLabel = (w: string) => `${Number(w.slice(5, 7))}/${Number(w.slice(8, 10))}`;

/** Weeks in order, and the rows of one channel (null: all channels) aligned to them. */
export function align(weeks: CommWeek[], channel: string | null): { keys: string[]; rows: (CommWeek | undefined)[] } {
  const keys = [...new Set(weeks.map((w) => w.week))].sort();
  const mine = new Map(weeks.filter((w) => w.channel === channel).map((w) => [w.week, w]));
  return { keys, rows: keys.map((k) => mine.get(k)) };
}

/** Response rate (%) as bars on the left axis, median response minutes as a line on the right. */
export function rateOption(weeks: CommWeek[], channel: string | null, labels: { rate: string; median: string; minutesAxis: string }) {
  const { keys, rows } = align(weeks, channel);
  return {
    color: ['#1f5fbf', '#e67e22'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: keys.map(weekLabel) },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', min: 0, axisLabel: { formatter: labels.minutesAxis } },
    ],
    series: [
      { id: 'rate', name: labels.rate, type: 'bar', barMaxWidth: 28, data: rows.map((r) => pct(r?.responseRate ?? null)) },
      { id: 'median', name: labels.median, type: 'line', yAxisIndex: 1, smooth: true, connectNulls: true, data: rows.map((r) => r?.medianResponseMinutes ?? null) },
    ],
  };
}

/** The average sentiment change after the bank's reply, per week (−2..+2), green above zero, red below. */
export function shiftOption(weeks: CommWeek[], channel: string | null, label: string) {
  const { keys, rows } = align(weeks, channel);
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, top: 16 },
    xAxis: { type: 'category', data: keys.map(weekLabel) },
    yAxis: { type: 'value', min: -2, max: 2 },
    series: [
      {
        id: 'shift',
        name: label,
        type: 'bar',
        barMaxWidth: 28,
        data: rows.map((r) => (r?.sentimentShift === null || r === undefined ? null : { value: r.sentimentShift, itemStyle: { color: r.sentimentShift >= 0 ? '#1c7a47' : '#c0392b' } })),
      },
    ],
  };
}

/** One response-rate line per channel. */
export function channelsOption(weeks: CommWeek[], channelName: (c: string) => string) {
  const channels = [...new Set(weeks.map((w) => w.channel).filter((c): c is string => c !== null))].sort();
  const keys = [...new Set(weeks.map((w) => w.week))].sort();
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '–' : `${v}%`) },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: keys.map(weekLabel) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: channels.map((c) => {
      const byWeek = new Map(weeks.filter((w) => w.channel === c).map((w) => [w.week, w]));
      return { id: c, name: channelName(c), type: 'line', smooth: true, connectNulls: true, data: keys.map((k) => pct(byWeek.get(k)?.responseRate ?? null)) };
    }),
  };
}
