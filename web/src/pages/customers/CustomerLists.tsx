import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { LifecycleBadge } from './LifecycleBadge.js';
import { customersApi } from './customersApi.js';

const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'won', 'lost'] as const;

/** Customers to act on, highest churn risk first, with the reasons in words. */
export function RiskList({ onOpen }: { onOpen(id: string): void }) {
  const { t, tMaybe, errorText } = useI18n();
  const ws = useWorkspace();
  const risk = useLoad(() => customersApi.risk(ws.workspace.id), [ws.workspace.id]);
  const [err, setErr] = useState<string | null>(null);
  return (
    <div className="card">
      {ws.can('customers.manage') && (
        <button type="button" className="btn" onClick={() => customersApi.score(ws.workspace.id).then(risk.reload, (e: unknown) => setErr(errorText(e)))}>
          {t('cust.scoreNow')}
        </button>
      )}
      {err || risk.error ? <p role="alert">{err ?? errorText(risk.error)}</p> : null}
      {risk.data && risk.data.customers.length === 0 && <p className="muted">{t('cust.riskNone')}</p>}
      {risk.data && risk.data.customers.length > 0 && (
        <table className="table" data-testid="risk-list">
          <thead>
            <tr>
              <th>{t('cust.name')}</th>
              <th>{t('cust.score')}</th>
              <th>{t('cust.reasons')}</th>
              <th>{t('cust.lifecycle')}</th>
            </tr>
          </thead>
          <tbody>
            {risk.data.customers.map((r) => (
              <tr key={r.customer.id}>
                <td>
                  <button type="button" className="link" translate="no" onClick={() => onOpen(r.customer.id)}>
                    {r.customer.name ?? r.customer.externalId}
                  </button>
                </td>
                <td>{Math.round(r.score * 100)}</td>
                <td>{r.reasons.map((x) => tMaybe(`cust.reason.${x.reason}`) ?? x.reason).join(', ') || t('common.none')}</td>
                <td>
                  <LifecycleBadge value={r.customer.lifecycle} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Leads from purchase-intent posts: owner, status, follow-up date. */
export function LeadList() {
  const { t, tMaybe, errorText, formatDate } = useI18n();
  const ws = useWorkspace();
  const leads = useLoad(() => customersApi.leads(ws.workspace.id), [ws.workspace.id]);
  const [err, setErr] = useState<string | null>(null);
  const update = (id: string, patch: Parameters<typeof customersApi.updateLead>[2]) => customersApi.updateLead(ws.workspace.id, id, patch).then(leads.reload, (e: unknown) => setErr(errorText(e)));
  return (
    <div className="card">
      {err || leads.error ? <p role="alert">{err ?? errorText(leads.error)}</p> : null}
      {leads.data && leads.data.leads.length === 0 && <p className="muted">{t('cust.lead.none')}</p>}
      {leads.data && leads.data.leads.length > 0 && (
        <table className="table" data-testid="lead-list">
          <thead>
            <tr>
              <th>{t('cust.lead.author')}</th>
              <th>{t('cust.lead.text')}</th>
              <th>{t('cust.lead.status')}</th>
              <th>{t('cust.lead.followUp')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {leads.data.leads.map((l) => (
              <tr key={l.id}>
                <td>{l.author.name ?? l.author.handle}</td>
                <td className="small">{l.excerpt}</td>
                <td>
                  <select value={l.status} onChange={(e) => update(l.id, { status: e.target.value })} aria-label={t('cust.lead.status')}>
                    {LEAD_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {tMaybe(`cust.leadStatus.${s}`) ?? s}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="date"
                    aria-label={t('cust.lead.followUp')}
                    value={l.followUpAt ? l.followUpAt.slice(0, 10) : ''}
                    onChange={(e) => update(l.id, { followUpAt: e.target.value ? new Date(`${e.target.value}T00:00:00+09:00`).toISOString() : null })}
                  />
                  {l.followUpAt && <span className="muted small"> {formatDate(l.followUpAt)}</span>}
                </td>
                <td>
                  {l.ownerId === ws.me.id ? (
                    <span className="badge badge-info">{t('cust.lead.mine')}</span>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => update(l.id, { ownerId: ws.me.id })}>
                      {t('cust.lead.mine')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Conversations proposed for merging into one case, with the reason; a person merges. */
export function MergeProposals() {
  const { t, errorText } = useI18n();
  const ws = useWorkspace();
  const list = useLoad(() => customersApi.proposals(ws.workspace.id), [ws.workspace.id]);
  const [msg, setMsg] = useState<string | null>(null);
  const [last, setLast] = useState<string | null>(null);
  return (
    <div className="card" data-testid="merge-proposals">
      {msg && <p role="status">{msg}</p>}
      {last && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            customersApi.undo(ws.workspace.id, last).then(
              () => (setLast(null), setMsg(null), list.reload()),
              (e: unknown) => setMsg(errorText(e)),
            )
          }
        >
          {t('cust.merge.undo')}
        </button>
      )}
      {list.error ? <p role="alert">{errorText(list.error)}</p> : null}
      {list.data && list.data.proposals.length === 0 && <p className="muted">{t('cust.merge.none')}</p>}
      <ul className="plain-list">
        {list.data?.proposals.map((p) => (
          <li key={`${p.targetConversationId}-${p.sourceConversationId}`} className="card">
            <strong>{p.reason.kind === 'same_customer' ? t('cust.merge.sameCustomer') : t('cust.merge.similar', { sim: p.reason.similarity, hours: p.reason.hoursApart })}</strong>
            <p className="small">
              <a href={href(`/inbox/${p.targetConversationId}`)}>{p.channels[0]}</a>: {p.texts[0]}
            </p>
            <p className="small">
              <a href={href(`/inbox/${p.sourceConversationId}`)}>{p.channels[1]}</a>: {p.texts[1]}
            </p>
            <button
              type="button"
              className="btn"
              data-testid="merge-button"
              onClick={() =>
                customersApi.merge(ws.workspace.id, { targetConversationId: p.targetConversationId, sourceConversationId: p.sourceConversationId }).then(
                  (r) => (setMsg(t('cust.merge.done')), setLast(r.merge.id), list.reload()),
                  (e: unknown) => setMsg(errorText(e)),
                )
              }
            >
              {t('cust.merge.do')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The stated purpose, the bank login address and its verification secret. */
export function ConsentSettings() {
  const { t, errorText } = useI18n();
  const ws = useWorkspace();
  const s = useLoad(() => customersApi.settings(ws.workspace.id), [ws.workspace.id]);
  const [purpose, setPurpose] = useState('');
  const [loginUrl, setLoginUrl] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  useEffect(() => {
    if (s.data) {
      setPurpose(s.data.settings.purpose);
      setLoginUrl(s.data.settings.loginUrl ?? '');
    }
  }, [s.data]);
  const save = (rotate: boolean) =>
    customersApi.saveSettings(ws.workspace.id, { purpose, loginUrl: loginUrl || null, ...(rotate ? { rotateAssertionSecret: true } : {}) }).then(
      (r) => setMsg(r.settings.assertionSecret ? t('cust.consent.secret', { secret: r.settings.assertionSecret }) : t('cust.consent.saved')),
      (e: unknown) => setMsg(errorText(e)),
    );
  return (
    <form className="card form" data-testid="consent-settings" onSubmit={(e) => (e.preventDefault(), void save(false))}>
      <label>
        {t('cust.consent.purpose')}
        <textarea value={purpose} onChange={(e) => setPurpose(e.target.value)} rows={3} maxLength={1000} />
      </label>
      <label>
        {t('cust.consent.loginUrl')}
        <input type="url" value={loginUrl} onChange={(e) => setLoginUrl(e.target.value)} placeholder="https://" />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {t('cust.consent.save')}
        </button>
        <button type="button" className="btn" onClick={() => void save(true)}>
          {t('cust.consent.rotate')}
        </button>
      </div>
      {msg && (
        <p role="status" className="break">
          {msg}
        </p>
      )}
    </form>
  );
}
