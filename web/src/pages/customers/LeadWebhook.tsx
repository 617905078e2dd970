import { useEffect, useState } from 'react';
import { request, ws as wsPath } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import type { LeadDeliveryView, LeadWebhookView } from '../../../../src/contracts/customers.js';

const api = {
  get: (w: string) => request<{ webhook: LeadWebhookView }>('GET', `${wsPath(w)}/lead-webhook`),
  set: (w: string, body: { url: string | null; rotateSecret?: boolean }) => request<{ webhook: LeadWebhookView }>('PUT', `${wsPath(w)}/lead-webhook`, body),
  test: (w: string) => request<{ delivery: LeadDeliveryView }>('POST', `${wsPath(w)}/lead-webhook/test`),
  deliveries: (w: string) => request<{ deliveries: LeadDeliveryView[] }>('GET', `${wsPath(w)}/lead-webhook/deliveries?limit=20`),
};

/** Where leads go in the bank's systems: a signed webhook, its secret shown once, and how deliveries stand. */
export function LeadWebhookSettings() {
  const { t, tMaybe, errorText, formatDateTime } = useI18n();
  const ws = useWorkspace();
  const hook = useLoad(() => api.get(ws.workspace.id), [ws.workspace.id]);
  const list = useLoad(() => api.deliveries(ws.workspace.id), [ws.workspace.id]);
  const [url, setUrl] = useState('');
  // What the user typed wins over an answer that arrives after they started.
  const [dirty, setDirty] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  useEffect(() => {
    if (!dirty) setUrl(hook.data?.webhook.url ?? '');
  }, [hook.data, dirty]);
  const reload = () => (hook.reload(), list.reload());
  const fail = (e: unknown) => setMsg(errorText(e));
  const save = (rotateSecret: boolean) =>
    api.set(ws.workspace.id, { url: url.trim() || null, ...(rotateSecret ? { rotateSecret } : {}) }).then((r) => {
      setMsg(r.webhook.secret ? t('cust.hook.secret', { secret: r.webhook.secret }) : r.webhook.url ? t('cust.hook.saved') : t('cust.hook.off'));
      setDirty(false);
      reload();
    }, fail);
  const test = () =>
    api.test(ws.workspace.id).then(() => {
      setMsg(t('cust.hook.testQueued'));
      list.reload();
      setTimeout(reload, 6_000);
    }, fail);
  const h = hook.data?.webhook;
  return (
    <form className="card form" data-testid="lead-webhook" onSubmit={(e) => (e.preventDefault(), void save(false))}>
      <h2>{t('cust.hook.title')}</h2>
      <p className="muted small">{t('cust.hook.help')}</p>
      {hook.error ? <p role="alert">{errorText(hook.error)}</p> : null}
      <label>
        {t('cust.hook.url')}
        <input type="url" value={url} onChange={(e) => (setUrl(e.target.value), setDirty(true))} placeholder="https://" maxLength={500} />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {t('cust.hook.save')}
        </button>
        <button type="button" className="btn" disabled={!h?.url} onClick={() => void save(true)}>
          {t('cust.hook.rotate')}
        </button>
        <button type="button" className="btn" disabled={!h?.url} onClick={() => void test()}>
          {t('cust.hook.test')}
        </button>
      </div>
      {msg && (
        <p role="status" className="break">
          {msg}
        </p>
      )}
      {h && <p className="small">{t('cust.hook.counts', { pending: h.pending, failed: h.failed, delivered: h.delivered })}</p>}
      {list.data && list.data.deliveries.length > 0 && (
        <table className="table" data-testid="lead-deliveries">
          <thead>
            <tr>
              <th>{t('cust.hook.when')}</th>
              <th>{t('cust.hook.event')}</th>
              <th>{t('cust.hook.status')}</th>
              <th>{t('cust.hook.attempts')}</th>
              <th>{t('cust.hook.answer')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.deliveries.map((d) => (
              <tr key={d.id}>
                <td className="small">{formatDateTime(d.createdAt)}</td>
                <td>{tMaybe(`cust.hook.ev.${d.event}`) ?? d.event}</td>
                <td>
                  <span className={`badge ${d.status === 'failed' ? 'badge-warn' : 'badge-info'}`}>{tMaybe(`cust.hook.st.${d.status}`) ?? d.status}</span>
                  {d.status === 'pending' && d.nextAt && <span className="muted small"> {t('cust.hook.next', { at: formatDateTime(d.nextAt) })}</span>}
                </td>
                <td>{d.attempts}</td>
                <td className="small">{d.lastStatus !== null ? t('cust.hook.http', { status: d.lastStatus }) : d.lastError ? t('cust.hook.noAnswer') : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
