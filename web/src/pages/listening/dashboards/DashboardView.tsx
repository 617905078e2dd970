import { useMemo, useState } from 'react';
import { channelLabel } from '../../../channelLabel.js';
import { useI18n } from '../../../i18n/index.js';
import { useTimeFormat } from '../../../time.js';
import { ChartCard, EChart, type ChartClick } from './ChartCard.js';
import { bucketLabel, channelsOption, SENTIMENTS, sentimentPieOption, sentimentTrendOption, sovPieOption, sovTrendOption, volumeOption } from './charts.js';
import type { Chart, Dashboard, Drill, Sentiment, Target } from './dashboardsApi.js';
import { KeywordsPanel, TopAuthorsPanel, TopPostsPanel, WordCloudPanel } from './TopLists.js';

type ECharts = import('echarts/core').ECharts;

/** What a click on a number asks for: the items behind it (DrillPanel). */
export interface DrillRequest {
  target: Target;
  drill: Drill;
  title: string;
}

/** Every panel of one dashboard. `onDrill` absent = read-only (shared links: no item lists). */
export function DashboardView({ d, onDrill, csvUrl }: { d: Dashboard; onDrill?(r: DrillRequest): void; csvUrl?(chart: Chart): string }) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  const [png, setPng] = useState<Partial<Record<string, ECharts>>>({});
  const ready = (k: string) => (c: ECharts | undefined) => setPng((p) => ({ ...p, [k]: c }));
  const sLabel = (s: Sentiment) => t(`ld.sentiment.${s}`);
  const chName = (c: string) => channelLabel(tMaybe, c);
  const target: Target = { type: d.target.type, id: d.target.id };
  const drill = onDrill ? (drillArgs: Drill, title: string, to: Target = target) => onDrill({ target: to, drill: drillArgs, title }) : undefined;

  const options = useMemo(
    () => ({
      volume: volumeOption(d, sLabel),
      trend: sentimentTrendOption(d, sLabel),
      pie: sentimentPieOption(d, sLabel),
      channels: channelsOption(d, sLabel, chName),
      sovPie: d.shareOfVoice ? sovPieOption(d.shareOfVoice) : undefined,
      sovTrend: d.shareOfVoice ? sovTrendOption(d.shareOfVoice) : undefined,
    }),
    // Labels follow the language; the dashboard object is replaced on every load.
    [d, t, tMaybe],
  );

  const bucketDrill = (i: number, sentiment?: string) => {
    const v = d.volume[i];
    if (!v || !drill) return;
    const s = SENTIMENTS.includes(sentiment as Sentiment) ? (sentiment as Sentiment) : undefined;
    drill({ at: v.key, sentiment: s }, `${bucketLabel(v.key)}${s ? ` · ${sLabel(s)}` : ''}`);
  };
  const channelRows = [...d.channels].reverse();
  const change = d.totals.change;

  return (
    <div className="ld-dashboard" data-testid="dashboard">
      <div className="ld-totals">
        <div className="card ld-total">
          <span className="muted small">{t('ld.d.items')}</span>
          <strong data-testid="total-count">{time.number(d.totals.count)}</strong>
          <span className={`small ld-change ${change.direction}`}>{change.percent === null ? t(`ld.change.${change.direction}`) : `${change.percent > 0 ? '+' : ''}${change.percent}% ${t('ld.d.vsPrevious')}`}</span>
        </div>
        <div className="card ld-total">
          <span className="muted small">{t('ld.sentiment.negative')}</span>
          <strong className="neg">{time.number(d.totals.negative)}</strong>
          <span className="small muted">{d.sentiment.find((s) => s.sentiment === 'negative')?.percent ?? 0}%</span>
        </div>
        <div className="card ld-total">
          <span className="muted small">{t('ld.d.complaints')}</span>
          {drill && d.totals.complaints > 0 ? (
            <button type="button" className="ld-link ld-total-num" onClick={() => drill({ complaint: true }, t('ld.d.complaints'))}>
              {time.number(d.totals.complaints)}
            </button>
          ) : (
            <strong>{time.number(d.totals.complaints)}</strong>
          )}
        </div>
        <div className="card ld-total">
          <span className="muted small">{t('ld.d.reach')}</span>
          <strong>{time.compact(d.totals.reach)}</strong>
        </div>
      </div>

      <div className="ld-grid">
        <ChartCard
          title={t('ld.chart.volume')}
          chart="volume"
          csvUrl={csvUrl}
          png={png.volume}
          wide
          testId="chart-volume"
          table={
            <table className="table">
              <thead>
                <tr>
                  <th>{t('ld.d.bucket')}</th>
                  <th>{t('ld.d.items')}</th>
                  <th>{t('ld.sentiment.negative')}</th>
                </tr>
              </thead>
              <tbody>
                {d.volume
                  .filter((v) => v.count > 0)
                  .map((v) => (
                    <tr key={v.key}>
                      <td>
                        {drill ? (
                          <button type="button" className="ld-link" data-testid="bucket-drill" onClick={() => bucketDrill(d.volume.indexOf(v))}>
                            {bucketLabel(v.key)}
                          </button>
                        ) : (
                          bucketLabel(v.key)
                        )}
                      </td>
                      <td>{v.count}</td>
                      <td>{v.negative}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          }
        >
          <EChart label={t('ld.chart.volume')} option={options.volume} onReady={ready('volume')} onClick={drill ? (p: ChartClick) => bucketDrill(p.dataIndex, p.seriesId) : undefined} />
        </ChartCard>

        <ChartCard title={t('ld.chart.sentiment')} chart="sentiment" csvUrl={csvUrl} png={png.pie}>
          <EChart
            label={t('ld.chart.sentiment')}
            option={options.pie}
            onReady={ready('pie')}
            onClick={
              drill
                ? (p: ChartClick) => {
                    const s = (p.data as { id?: Sentiment } | undefined)?.id;
                    if (s) drill({ sentiment: s }, sLabel(s));
                  }
                : undefined
            }
          />
        </ChartCard>

        <ChartCard title={t('ld.chart.sentimentTrend')} chart="volume" csvUrl={csvUrl} png={png.trend}>
          <EChart label={t('ld.chart.sentimentTrend')} option={options.trend} onReady={ready('trend')} onClick={drill ? (p: ChartClick) => bucketDrill(p.dataIndex, p.seriesId) : undefined} />
        </ChartCard>

        {d.shareOfVoice && options.sovPie && options.sovTrend && (
          <ChartCard
            title={t('ld.chart.sov')}
            chart="share_of_voice"
            csvUrl={csvUrl}
            png={png.sov}
            wide
            testId="chart-sov"
            table={
              <table className="table">
                <tbody>
                  {d.shareOfVoice.entries.map((e) => (
                    <tr key={e.queryId ?? e.name}>
                      <td>{e.own ? <strong>{e.name}</strong> : e.name}</td>
                      <td>{e.count}</td>
                      <td>{e.percent}%</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          >
            <div className="ld-two">
              <EChart
                label={t('ld.chart.sov')}
                option={options.sovPie}
                onReady={ready('sov')}
                onClick={
                  drill
                    ? (p: ChartClick) => {
                        const q = (p.data as { id?: string } | undefined)?.id;
                        if (q) drill({}, p.name, { type: 'query', id: q });
                      }
                    : undefined
                }
              />
              <EChart
                label={t('ld.chart.sovTrend')}
                option={options.sovTrend}
                onClick={
                  drill
                    ? (p: ChartClick) => {
                        const key = d.shareOfVoice?.series[p.dataIndex]?.key;
                        if (key && p.seriesId) drill({ at: key }, `${p.name} · ${bucketLabel(key)}`, { type: 'query', id: p.seriesId });
                      }
                    : undefined
                }
              />
            </div>
          </ChartCard>
        )}

        <ChartCard title={t('ld.chart.channels')} chart="channels" csvUrl={csvUrl} png={png.channels}>
          <EChart
            label={t('ld.chart.channels')}
            option={options.channels}
            height={Math.max(200, 60 + channelRows.length * 36)}
            onReady={ready('channels')}
            onClick={
              drill
                ? (p: ChartClick) => {
                    const c = channelRows[p.dataIndex];
                    const s = SENTIMENTS.includes(p.seriesId as Sentiment) ? (p.seriesId as Sentiment) : undefined;
                    if (c) drill({ channel: c.channel, sentiment: s }, `${chName(c.channel)}${s ? ` · ${sLabel(s)}` : ''}`);
                  }
                : undefined
            }
          />
        </ChartCard>

        {/* A shared (read-only, anonymous) view carries aggregates only: no words, posts or names. */}
        {drill && (
          <>
            <KeywordsPanel d={d} csvUrl={csvUrl} onKeyword={(k) => drill({ keyword: k }, `“${k}”`)} />
            <WordCloudPanel d={d} csvUrl={csvUrl} onKeyword={(k) => drill({ keyword: k }, `“${k}”`)} />
            <TopPostsPanel d={d} csvUrl={csvUrl} />
            <TopAuthorsPanel d={d} csvUrl={csvUrl} onAuthor={(id, name) => drill({ authorId: id }, name)} />
          </>
        )}
      </div>
    </div>
  );
}
