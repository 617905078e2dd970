import { useMemo, useState } from 'react';
import { channelLabel } from '../../../channelLabel.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { EChart } from '../dashboards/ChartCard.js';
import { channelsOption, rateOption, shiftOption } from './commCharts.js';
import { notifyApi, type CommWeek } from './notifyApi.js';
import './settings.css';

const PERIODS = [4, 12, 26] as const;
const pct = (r: number | null) => (r === null ? '–' : `${Math.round(r * 1000) / 10}%`);

function Kpis({ w }: { w: CommWeek }) {
  const { t } = useI18n();
  return (
    <div className="ln-kpis" data-testid="comm-totals">
      <div className="card ln-kpi">
        <span className="small muted">{t('ln.c.conversations')}</span>
        <strong data-testid="comm-conversations">{w.conversations.toLocaleString()}</strong>
      </div>
      <div className="card ln-kpi">
        <span className="small muted">{t('ln.c.responseRate')}</span>
        <strong>{pct(w.responseRate)}</strong>
        <span className="small muted">
          {t('ln.c.responded')} {w.responded.toLocaleString()}
        </span>
      </div>
      <div className="card ln-kpi">
        <span className="small muted">{t('ln.c.median')}</span>
        <strong>{w.medianResponseMinutes === null ? '–' : t('ln.c.minutes', { n: w.medianResponseMinutes })}</strong>
      </div>
      <div className="card ln-kpi">
        <span className="small muted">{t('ln.c.shift')}</span>
        <strong>{w.sentimentShift === null ? '–' : `${w.sentimentShift > 0 ? '+' : ''}${w.sentimentShift}`}</strong>
        <span className="small muted">{t('ln.c.samples', { n: w.shiftSamples })}</span>
      </div>
      <div className="card ln-kpi">
        <span className="small muted">{t('ln.c.linksFollowed')}</span>
        <strong data-testid="comm-links-followed">{pct(w.linkFollowRate)}</strong>
        <span className="small muted">{t('ln.c.linksFollowedOf', { n: w.linksFollowed, total: w.linkConversations })}</span>
      </div>
      <div className="card ln-kpi">
        <span className="small muted">{t('ln.c.postClicks')}</span>
        <strong data-testid="comm-post-clicks">{w.postClicks.toLocaleString()}</strong>
        <span className="small muted">{t('ln.c.postClicksOf', { n: w.postsClicked })}</span>
      </div>
    </div>
  );
}

/** `#/listening/communication`: the communication index as weekly trends, for all channels or one. */
export function CommunicationTab() {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [weeks, setWeeks] = useState<(typeof PERIODS)[number]>(12);
  const [channel, setChannel] = useState('');
  const from = useMemo(() => new Date(Date.now() - weeks * 7 * 86_400_000).toISOString(), [weeks]);
  const data = useLoad(() => notifyApi.communication(workspace.id, { from }), [workspace.id, from]);
  const chName = (c: string) => channelLabel(tMaybe, c);
  const rows = data.data?.weeks ?? [];
  const channels = [...new Set(rows.map((w) => w.channel).filter((c): c is string => c !== null))].sort();
  const selected = channel || null;
  // Totals of the chosen channel over the period: the sum of its weeks (the API's totals are for all channels).
  const totals = useMemo(() => {
    if (!data.data) return undefined;
    if (!selected) return data.data.totals;
    const mine = rows.filter((w) => w.channel === selected);
    const conversations = mine.reduce((s, w) => s + w.conversations, 0);
    const responded = mine.reduce((s, w) => s + w.responded, 0);
    const samples = mine.reduce((s, w) => s + w.shiftSamples, 0);
    const shift = samples ? mine.reduce((s, w) => s + (w.sentimentShift ?? 0) * w.shiftSamples, 0) / samples : null;
    const medians = mine.filter((w) => w.medianResponseMinutes !== null);
    const linkConversations = mine.reduce((s, w) => s + w.linkConversations, 0);
    const linksFollowed = mine.reduce((s, w) => s + w.linksFollowed, 0);
    return {
      ...data.data.totals,
      channel: selected,
      conversations,
      responded,
      inbound: mine.reduce((s, w) => s + w.inbound, 0),
      responseRate: conversations ? responded / conversations : null,
      medianResponseMinutes: medians.length ? Math.round((medians.reduce((s, w) => s + w.medianResponseMinutes!, 0) / medians.length) * 10) / 10 : null,
      sentimentShift: shift === null ? null : Math.round(shift * 1000) / 1000,
      shiftSamples: samples,
      linkConversations,
      linksFollowed,
      linkFollowRate: linkConversations ? linksFollowed / linkConversations : null,
      // Post clicks add up; posts clicked are counted per week, so a post clicked in two weeks counts twice here.
      postClicks: mine.reduce((s, w) => s + w.postClicks, 0),
      postsClicked: mine.reduce((s, w) => s + w.postsClicked, 0),
    };
  }, [data.data, selected, rows]);
  const rateOpt = useMemo(() => rateOption(rows, selected, { rate: t('ln.c.responseRate'), median: t('ln.c.median'), minutesAxis: t('ln.c.minutesAxis') }), [rows, selected, t]);
  const shiftOpt = useMemo(() => shiftOption(rows, selected, t('ln.c.shift')), [rows, selected, t]);
  const chOpt = useMemo(() => channelsOption(rows, chName), [rows, tMaybe]);

  return (
    <div className="ln-comm">
      <div className="ld-toolbar">
        <div className="field">
          <label htmlFor="comm-channel">{t('ln.c.channel')}</label>
          <select id="comm-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">{t('ln.c.all')}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {chName(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="comm-weeks">{t('ln.c.weeks')}</label>
          <select id="comm-weeks" value={weeks} onChange={(e) => setWeeks(Number(e.target.value) as typeof weeks)}>
            {PERIODS.map((n) => (
              <option key={n} value={n}>
                {t('ln.c.weeksN', { n })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {data.error !== null && (
        <p className="alert alert-error" role="alert">
          {errorText(data.error)}
        </p>
      )}
      {totals && <Kpis w={totals} />}
      {data.data && rows.length === 0 ? (
        <p className="empty">{t('ln.c.empty')}</p>
      ) : (
        <div className="ld-grid">
          <section className="card ld-card wide" aria-label={t('ln.c.chartRate')} data-testid="chart-comm-rate">
            <div className="ld-card-head">
              <h2>{t('ln.c.chartRate')}</h2>
            </div>
            <EChart option={rateOpt} label={t('ln.c.chartRate')} />
          </section>
          <section className="card ld-card" aria-label={t('ln.c.chartShift')} data-testid="chart-comm-shift">
            <div className="ld-card-head">
              <h2>{t('ln.c.chartShift')}</h2>
            </div>
            <EChart option={shiftOpt} label={t('ln.c.chartShift')} height={220} />
          </section>
          {!selected && channels.length > 1 && (
            <section className="card ld-card" aria-label={t('ln.c.chartChannels')} data-testid="chart-comm-channels">
              <div className="ld-card-head">
                <h2>{t('ln.c.chartChannels')}</h2>
              </div>
              <EChart option={chOpt} label={t('ln.c.chartChannels')} height={220} />
            </section>
          )}
        </div>
      )}
      <p className="muted small">{t('ln.c.help')}</p>
    </div>
  );
}
