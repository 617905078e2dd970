/** ECharts options for the dashboard panels (plain data in, option objects out). */
import type { Dashboard, Sentiment } from './dashboardsApi.js';

export const SENTIMENTS: Sentiment[] = ['negative', 'neutral', 'positive', 'unknown'];
export const SENTIMENT_COLOR: Record<Sentiment, string> = { negative: '#c0392b', neutral: '#8a97a8', positive: '#1c7a47', unknown: '#d5dbe3' };
const PALETTE = ['#1f5fbf', '#e67e22', '#8e44ad', '#16a085', '#c0392b', '#2c3e50', '#d4ac0d', '#7f8c8d'];

type Label = (s: Sentiment) => string;

/** "11/20 09시" / "11/20" from a volume key (Seoul time). */
export function bucketLabel(key: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}))?$/.exec(key);
  if (!m) return key;
  return m[4] !== undefined ? `${Number(m[2])}/${Number(m[3])} ${m[4]}:00` : `${Number(m[2])}/${Number(m[3])}`;
}

const grid = { left: 40, right: 16, top: 36, bottom: 28, containLabel: true };

/** Stacked bars: volume per bucket split by sentiment; series id = sentiment (for drill-down). */
export function volumeOption(d: Dashboard, label: Label) {
  return {
    color: SENTIMENTS.map((s) => SENTIMENT_COLOR[s]),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: d.volume.map((v) => bucketLabel(v.key)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: SENTIMENTS.map((s) => ({ id: s, name: label(s), type: 'bar', stack: 'v', barMaxWidth: 28, data: d.volume.map((v) => v[s]) })),
  };
}

/** Lines: each sentiment's share (%) of each bucket. */
export function sentimentTrendOption(d: Dashboard, label: Label) {
  const pct = (n: number, total: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
  return {
    color: SENTIMENTS.map((s) => SENTIMENT_COLOR[s]),
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: d.volume.map((v) => bucketLabel(v.key)) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: SENTIMENTS.filter((s) => s !== 'unknown').map((s) => ({ id: s, name: label(s), type: 'line', smooth: true, showSymbol: d.volume.length < 40, data: d.volume.map((v) => pct(v[s], v.count)) })),
  };
}

/** Donut: the period's sentiment split; data item id = sentiment. */
export function sentimentPieOption(d: Dashboard, label: Label) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        top: 0,
        bottom: 24,
        data: d.sentiment.filter((s) => s.count > 0).map((s) => ({ id: s.sentiment, name: label(s.sentiment), value: s.count, itemStyle: { color: SENTIMENT_COLOR[s.sentiment] } })),
      },
    ],
  };
}

/** Horizontal stacked bars: volume per channel by sentiment; category index = channel. */
export function channelsOption(d: Dashboard, label: Label, channelName: (c: string) => string) {
  const rows = [...d.channels].reverse();
  return {
    color: SENTIMENTS.map((s) => SENTIMENT_COLOR[s]),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    yAxis: { type: 'category', data: rows.map((c) => channelName(c.channel)) },
    xAxis: { type: 'value', minInterval: 1 },
    series: SENTIMENTS.map((s) => ({ id: s, name: label(s), type: 'bar', stack: 'c', barMaxWidth: 22, data: rows.map((c) => c[s]) })),
  };
}

/** Share of voice: donut of the period plus one line per query over time. */
export function sovPieOption(sov: NonNullable<Dashboard['shareOfVoice']>) {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['40%', '70%'], bottom: 24, data: sov.entries.map((e) => ({ id: e.queryId ?? '', name: e.own ? `★ ${e.name}` : e.name, value: e.count })) }],
  };
}

export function sovTrendOption(sov: NonNullable<Dashboard['shareOfVoice']>) {
  const named = sov.entries.filter((e): e is typeof e & { queryId: string } => e.queryId !== null);
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: sov.series.map((s) => bucketLabel(s.key)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: named.map((e) => ({ id: e.queryId, name: e.name, type: 'line', smooth: true, showSymbol: false, data: sov.series.map((s) => s.counts[e.queryId] ?? 0) })),
  };
}
