import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../../i18n/index.js';
import { EChart } from '../../listening/dashboards/ChartCard.js';
import { span } from '../SlaClock.js';
import { BUCKETS, type Bucket, type Durations, type InboxReport } from './reportsApi.js';
import { ageOption, ageTotals, agentsOption, backlogOption, percent, slaOption } from './reportsModel.js';

function Kpi({ label, value, sub, testId }: { label: string; value: string; sub?: ReactNode; testId: string }) {
  return (
    <div className="card rp-kpi" data-testid={testId}>
      <span className="rp-kpi-label">{label}</span>
      <strong className="rp-kpi-value" data-testid={`${testId}-value`}>
        {value}
      </strong>
      {sub && <span className="rp-kpi-sub small muted">{sub}</span>}
    </div>
  );
}

function Section({ title, children, table, testId }: { title: string; children: ReactNode; table?: ReactNode; testId: string }) {
  const { t } = useI18n();
  return (
    <section className="card rp-card" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {children}
      {table && (
        <details className="rp-table" open>
          <summary>{t('reports.showTable')}</summary>
          {table}
        </details>
      )}
    </section>
  );
}

/** The report's figures: KPI cards, then backlog, SLA and agents as charts with their tables. */
export function ReportSections({ r }: { r: InboxReport }) {
  const { t, locale } = useI18n();
  const num = useMemo(() => new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-GB'), [locale]);
  const dur = (ms: number | null) => (ms === null ? t('reports.noData') : span(t, ms));
  const count = (n: number) => t('reports.count', { n: num.format(n) });
  const bucket = (b: Bucket) => t(`reports.bucket.${b}`);
  const team = (id: string | null, name: string | null) => (id === null ? t('reports.noTeam') : (name ?? id.slice(0, 8)));
  const agent = (a: InboxReport['agents'][number]) => a.name ?? a.userId.slice(0, 8);
  const first = r.sla.find((s) => s.kind === 'first_response');
  const backlogTotal = r.backlog.reduce((n, b) => n + b.total, 0);
  const ages = ageTotals(r);
  const options = useMemo(
    () => ({
      backlog: backlogOption(r, team, bucket),
      age: ageOption(r, bucket),
      agents: agentsOption(r, agent, { open: t('reports.open'), resolved: t('reports.resolved') }),
      sla: slaOption(r, (k) => t(`inbox.sla.kind.${k}`), { met: t('reports.met'), breached: t('reports.breached') }),
    }),
    // The labels follow the language, the figures the report.
    [r, t],
  );
  const timeKpis = (d: Durations, key: 'firstResponse' | 'resolution') => (
    <>
      <Kpi testId={`kpi-${key}-median`} label={`${t(`reports.${key}`)} · ${t('reports.median')}`} value={dur(d.wall.medianMs)} sub={<span data-testid={`kpi-${key}-count`}>{t('reports.basis', { n: num.format(d.count) })}</span>} />
      <Kpi testId={`kpi-${key}-p90`} label={`${t(`reports.${key}`)} · ${t('reports.p90')}`} value={dur(d.wall.p90Ms)} sub={t('reports.business', { median: dur(d.business.medianMs), p90: dur(d.business.p90Ms) })} />
    </>
  );

  return (
    <>
      <div className="rp-kpis">
        {timeKpis(r.firstResponse, 'firstResponse')}
        {timeKpis(r.resolution, 'resolution')}
        <Kpi
          testId="kpi-sla"
          label={t('reports.slaFirst')}
          value={percent(first?.attainment ?? null, locale) ?? t('reports.noData')}
          sub={first && t('reports.slaDetail', { met: num.format(first.met), breached: num.format(first.breached) })}
        />
        <Kpi testId="kpi-backlog" label={t('reports.backlogTotal')} value={count(backlogTotal)} />
      </div>

      <div className="rp-grid">
        <Section
          title={t('reports.backlogByTeam')}
          testId="rp-backlog"
          table={
            r.backlog.length === 0 ? (
              <p className="muted">{t('reports.noBacklog')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table small" data-testid="backlog-table">
                  <thead>
                    <tr>
                      <th>{t('reports.team')}</th>
                      <th>{t('reports.total')}</th>
                      {BUCKETS.map((b) => (
                        <th key={b}>{bucket(b)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {r.backlog.map((b) => (
                      <tr key={b.teamId ?? 'none'} data-team={team(b.teamId, b.teamName)}>
                        <th scope="row">{team(b.teamId, b.teamName)}</th>
                        <td data-col="total">{num.format(b.total)}</td>
                        {BUCKETS.map((k) => (
                          <td key={k} data-col={k}>
                            {num.format(b.buckets[k])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('reports.total')}</th>
                      <td>{num.format(backlogTotal)}</td>
                      {BUCKETS.map((k) => (
                        <td key={k}>{num.format(ages[k])}</td>
                      ))}
                    </tr>
                  </tfoot>
                </table>
              </div>
            )
          }
        >
          {r.backlog.length > 0 && <EChart option={options.backlog} label={t('reports.backlogByTeam')} height={Math.max(160, 60 + r.backlog.length * 34)} />}
        </Section>

        <Section title={t('reports.backlogByAge')} testId="rp-age">
          <EChart option={options.age} label={t('reports.backlogByAge')} height={220} />
        </Section>

        <Section
          title={t('reports.sla')}
          testId="rp-sla"
          table={
            <div className="table-wrap">
              <table className="table small" data-testid="sla-table">
                <thead>
                  <tr>
                    <th>{t('reports.slaKind')}</th>
                    <th>{t('reports.met')}</th>
                    <th>{t('reports.breached')}</th>
                    <th>{t('reports.attainment')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.sla.map((s) => (
                    <tr key={s.kind} data-kind={s.kind}>
                      <th scope="row">{t(`inbox.sla.kind.${s.kind}`)}</th>
                      <td>{num.format(s.met)}</td>
                      <td>{num.format(s.breached)}</td>
                      <td>{percent(s.attainment, locale) ?? t('reports.noData')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          }
        >
          <EChart option={options.sla} label={t('reports.sla')} height={220} />
        </Section>

        <Section
          title={t('reports.agents')}
          testId="rp-agents"
          table={
            r.agents.length === 0 ? (
              <p className="muted">{t('reports.noAgents')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table small" data-testid="agents-table">
                  <thead>
                    <tr>
                      <th>{t('reports.agent')}</th>
                      <th>{t('reports.open')}</th>
                      <th>{t('reports.resolved')}</th>
                      <th>{t('reports.agentFirstResponse')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.agents.map((a) => (
                      <tr key={a.userId} data-agent={agent(a)}>
                        <th scope="row">{agent(a)}</th>
                        <td data-col="open">{num.format(a.open)}</td>
                        <td data-col="resolved">{num.format(a.resolved)}</td>
                        <td>{dur(a.firstResponseMedianMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        >
          {r.agents.length > 0 && <EChart option={options.agents} label={t('reports.agents')} height={Math.max(160, 60 + r.agents.length * 40)} />}
        </Section>
      </div>
    </>
  );
}
