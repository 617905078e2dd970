/**
 * The weekly summary e-mail. Charts are HTML tables whose cells are sized bars (bgcolor + width):
 * every mail client renders them, including Outlook and Gmail, which drop or block SVG and data-URI
 * images; no image is fetched, so nothing is "blocked for your privacy". The numbers also go along as
 * a CSV attachment and a plain-text part.
 */
import type { Dashboard } from './dashboard.service.js';
import type { Message } from './delivery.js';
import { toCsv } from './csv.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLOURS = { negative: '#d9480f', neutral: '#868e96', positive: '#2b8a3e', unknown: '#ced4da' } as const;

function bar(value: number, max: number, colour: string, width = 240): string {
  const w = max > 0 ? Math.max(value > 0 ? 2 : 0, Math.round((value / max) * width)) : 0;
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${w ? `<td width="${w}" height="12" bgcolor="${colour}" style="background:${colour};font-size:0;line-height:0">&nbsp;</td>` : ''}<td style="padding-left:6px;font-size:12px">${value.toLocaleString('en')}</td></tr></table>`;
}

function stacked(d: Dashboard): string {
  const cells = d.sentiment
    .filter((s) => s.count > 0)
    .map((s) => `<td width="${Math.max(1, Math.round(s.percent * 3))}" height="14" bgcolor="${COLOURS[s.sentiment]}" style="background:${COLOURS[s.sentiment]};font-size:0">&nbsp;</td>`)
    .join('');
  const legend = d.sentiment.map((s) => `<span style="color:${COLOURS[s.sentiment]}">■</span> ${s.sentiment} ${s.percent}%`).join(' &nbsp; ');
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${cells || '<td>–</td>'}</tr></table><div style="font-size:12px;margin-top:4px">${legend}</div>`;
}

export interface ReportAlert {
  queryName: string;
  kind: string;
  severity: string;
  hourStart: string;
  observed: number;
}

export function renderReport(name: string, dashboards: Dashboard[], alerts: ReportAlert[], from: string, to: string): Message {
  const sections = dashboards.map((d) => {
    const max = Math.max(0, ...d.volume.map((v) => v.count));
    const days = d.volume.map((v) => `<tr><td style="font-size:12px;padding-right:8px">${esc(v.key)}</td><td>${bar(v.count, max, '#1c7ed6')}</td></tr>`).join('');
    const change = d.totals.change.percent === null ? 'new' : `${d.totals.change.percent > 0 ? '+' : ''}${d.totals.change.percent}%`;
    const kw =
      d.keywords
        .slice(0, 10)
        .map((k) => esc(k.term))
        .join(', ') || '–';
    return `<h3 style="margin:24px 0 4px">${esc(d.target.name)}</h3>
<p style="margin:0 0 8px">언급 ${d.totals.count.toLocaleString('en')}건 (지난주 대비 ${esc(change)}) · 불만 ${d.totals.complaints.toLocaleString('en')}건</p>
${stacked(d)}
<table role="presentation" cellpadding="2" cellspacing="0" border="0" style="margin-top:8px">${days}</table>
<p style="font-size:13px">떠오르는 키워드: ${kw}</p>`;
  });
  const alertRows = alerts.map((a) => `<tr><td>${esc(a.hourStart.slice(0, 16).replace('T', ' '))}</td><td>${esc(a.queryName)}</td><td>${esc(a.kind)}</td><td>${esc(a.severity)}</td><td align="right">${a.observed}</td></tr>`).join('');
  const html = `<!doctype html><html><body style="font-family:Apple SD Gothic Neo,Malgun Gothic,sans-serif;color:#212529">
<h2>${esc(name)} · 주간 리스닝 리포트</h2><p>${esc(from.slice(0, 10))} – ${esc(to.slice(0, 10))} (KST)</p>
${sections.join('\n')}
<h3>위기 알림</h3>${alerts.length ? `<table cellpadding="4" cellspacing="0" border="1" style="border-collapse:collapse;font-size:12px"><tr><th>시각 (UTC)</th><th>검색어</th><th>종류</th><th>심각도</th><th>건수</th></tr>${alertRows}</table>` : '<p>없음</p>'}
</body></html>`;
  const text = [
    `${name} · weekly listening report ${from.slice(0, 10)} – ${to.slice(0, 10)}`,
    ...dashboards.map(
      (d) =>
        `${d.target.name}: ${d.totals.count} mentions (${d.totals.change.percent ?? 'new'}% vs previous week), negative ${d.totals.negative}, complaints ${d.totals.complaints}; keywords ${d.keywords
          .slice(0, 5)
          .map((k) => k.term)
          .join(', ')}`,
    ),
    `alerts: ${alerts.length}`,
  ].join('\n');
  const csv = toCsv(
    ['query', 'day', 'count', 'negative', 'neutral', 'positive', 'complaints'],
    dashboards.flatMap((d) => d.volume.map((v) => [d.target.name, v.key, v.count, v.negative, v.neutral, v.positive, v.complaints])),
  );
  return {
    event: 'listening.report',
    subject: `[소통] ${name} 주간 리포트 ${from.slice(0, 10)} – ${to.slice(0, 10)}`,
    text,
    html,
    data: { report: name, from, to },
    attachments: [{ filename: 'listening-week.csv', content: csv, contentType: 'text/csv; charset=utf-8' }],
  };
}
