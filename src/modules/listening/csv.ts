/** CSV export of every dashboard chart: UTF-8 with a BOM (so Excel reads Korean), RFC 4180 quoting. */
import type { Dashboard } from './dashboard.service.js';

export const CHARTS = ['volume', 'sentiment', 'channels', 'share_of_voice', 'keywords', 'word_cloud', 'top_posts', 'top_authors'] as const;
export type Chart = (typeof CHARTS)[number];

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Formula injection: a cell starting with = + - @ is shown as text by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(header: string[], rows: unknown[][]): string {
  return `\ufeff${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function chartCsv(d: Dashboard, chart: Chart): string {
  switch (chart) {
    case 'volume':
      return toCsv(
        ['bucket', 'start', 'count', 'negative', 'neutral', 'positive', 'unknown', 'complaints'],
        d.volume.map((v) => [v.key, v.start, v.count, v.negative, v.neutral, v.positive, v.unknown, v.complaints]),
      );
    case 'sentiment':
      return toCsv(
        ['sentiment', 'count', 'percent'],
        d.sentiment.map((s) => [s.sentiment, s.count, s.percent]),
      );
    case 'channels':
      return toCsv(
        ['channel', 'count', 'negative', 'neutral', 'positive', 'unknown', 'percent'],
        d.channels.map((c) => [c.channel, c.count, c.negative, c.neutral, c.positive, c.unknown, c.percent]),
      );
    case 'share_of_voice': {
      const sov = d.shareOfVoice;
      if (!sov) return toCsv(['query_id', 'name', 'count', 'percent', 'own'], []);
      const ids = sov.entries.filter((e) => e.queryId).map((e) => e.queryId!);
      const names = new Map(sov.entries.map((e) => [e.queryId, e.name]));
      return toCsv(
        ['bucket', 'start', ...ids.map((id) => names.get(id)!), 'total'],
        [
          ...sov.series.map((s) => [s.key, s.start, ...ids.map((id) => s.counts[id] ?? 0), ids.reduce((t, id) => t + (s.counts[id] ?? 0), 0)]),
          ['total', '', ...ids.map((id) => sov.entries.find((e) => e.queryId === id)!.count), sov.entries.reduce((t, e) => t + e.count, 0)],
          ['percent', '', ...ids.map((id) => sov.entries.find((e) => e.queryId === id)!.percent), 100],
        ],
      );
    }
    case 'keywords':
      return toCsv(
        ['term', 'count', 'background', 'z'],
        d.keywords.map((k) => [k.term, k.count, k.background, k.z]),
      );
    case 'word_cloud':
      return toCsv(
        ['term', 'count'],
        d.wordCloud.map((k) => [k.term, k.count]),
      );
    case 'top_posts':
      return toCsv(
        ['item_id', 'created_at', 'channel', 'author', 'followers', 'reposts', 'reach', 'url', 'text'],
        d.topPosts.map((p) => [p.item.id, p.item.createdAt, p.item.channel, p.item.author.handle, p.followers, p.reposts, p.reach, p.item.url, p.item.text]),
      );
    case 'top_authors':
      return toCsv(
        ['author_id', 'handle', 'name', 'channel', 'followers', 'count', 'negative'],
        d.topAuthors.map((a) => [a.author.id, a.author.handle, a.author.name, a.author.channel, a.author.followers, a.count, a.negative]),
      );
  }
}

export function csvFilename(d: Dashboard, chart: Chart): string {
  const slug = d.target.name.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40) || 'dashboard';
  return `${slug}-${chart}-${d.period.from.slice(0, 10)}-${d.period.to.slice(0, 10)}.csv`;
}

/** content-disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
