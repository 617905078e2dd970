import { useState, type FormEvent } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { CustomerPicker, type PickedCustomer } from './CustomerPicker.js';
import { archiveApi, type Hold } from './archiveApi.js';

const startOf = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
function endOf(day: string): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}
const size = (bytes: number | null) => (bytes === null ? '' : bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** Legal holds and retention per channel. */
export function ArchiveHolds() {
  const { t, tMaybe, errorText, formatDate, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const holds = useLoad(() => archiveApi.holds(workspace.id), [workspace.id]);
  const retention = useLoad(() => archiveApi.retention(workspace.id), [workspace.id]);
  const channels = useLoad(() => archiveApi.channels(workspace.id), [workspace.id]);
  const [draft, setDraft] = useState({ name: '', reason: '', channel: '', from: '', to: '' });
  const [ret, setRet] = useState({ channel: '*', years: '5' });
  const [error, setError] = useState<unknown>(null);
  const act = (p: Promise<unknown>, after: () => void) => {
    setError(null);
    p.then(after, (e: unknown) => setError(e));
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    act(archiveApi.createHold(workspace.id, { name: draft.name.trim(), reason: draft.reason.trim() || undefined, channel: draft.channel || undefined, from: startOf(draft.from), to: endOf(draft.to) }), () => {
      setDraft({ name: '', reason: '', channel: '', from: '', to: '' });
      holds.reload();
    });
  };
  const setRetention = (e: FormEvent) => {
    e.preventDefault();
    act(archiveApi.setRetention(workspace.id, ret.channel, Math.round(Number(ret.years) * 365)), retention.reload);
  };
  const chan = (c: string) => (c === '*' ? t('archive.retentionAll') : channelLabel(tMaybe, c));
  const scope = (h: Hold) => {
    const parts = [
      h.personLabel ?? (h.personId ? t('archive.person') : null),
      h.channel ? channelLabel(tMaybe, h.channel) : null,
      h.from || h.to ? t('archive.holdPeriod', { from: h.from ? formatDate(h.from) : '…', to: h.to ? formatDate(h.to) : '…' }) : null,
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t('archive.holdAll');
  };
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <div className="panel">
      {error !== null && (
        <p className="alert alert-error" role="alert">
          {errorText(error)}
        </p>
      )}
      <div className="card">
        <h2>{t('archive.holds')}</h2>
        <p className="muted small">{t('archive.holdsIntro')}</p>
        <form className="filters" onSubmit={create} aria-label={t('archive.holdCreate')}>
          <div className="field">
            <label htmlFor="hold-name">{t('archive.holdName')}</label>
            <input id="hold-name" required maxLength={200} value={draft.name} onChange={set('name')} />
          </div>
          <div className="field">
            <label htmlFor="hold-reason">{t('archive.holdReason')}</label>
            <input id="hold-reason" maxLength={2000} value={draft.reason} onChange={set('reason')} />
          </div>
          <div className="field">
            <label htmlFor="hold-channel">{t('archive.channel')}</label>
            <select id="hold-channel" value={draft.channel} onChange={set('channel')}>
              <option value="">{t('archive.anyChannel')}</option>
              {(channels.data?.channels ?? []).map((c) => (
                <option key={c.type} value={c.type}>
                  {channelLabel(tMaybe, c.type, c.name)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="hold-from">{t('archive.from')}</label>
            <input id="hold-from" type="date" value={draft.from} onChange={set('from')} />
          </div>
          <div className="field">
            <label htmlFor="hold-to">{t('archive.to')}</label>
            <input id="hold-to" type="date" value={draft.to} onChange={set('to')} />
          </div>
          <div className="filter-actions">
            <button type="submit" className="btn btn-primary">
              {t('archive.holdCreate')}
            </button>
          </div>
        </form>
        {holds.data && holds.data.holds.length === 0 && <p className="empty">{t('archive.noHolds')}</p>}
        {holds.data && holds.data.holds.length > 0 && (
          <table className="table" data-testid="archive-holds">
            <thead>
              <tr>
                <th scope="col">{t('archive.holdName')}</th>
                <th scope="col">{t('archive.holdScope')}</th>
                <th scope="col">{t('archive.holdReason')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {holds.data.holds.map((h) => (
                <tr key={h.id}>
                  <td>{h.name}</td>
                  <td>{scope(h)}</td>
                  <td className="break">{h.reason || t('common.none')}</td>
                  <td>
                    {h.releasedAt ? (
                      <span className="muted small">{t('archive.holdReleased', { when: formatDateTime(h.releasedAt) })}</span>
                    ) : (
                      <button type="button" className="btn btn-small" onClick={() => act(archiveApi.releaseHold(workspace.id, h.id), holds.reload)}>
                        {t('archive.holdRelease')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="card">
        <h2>{t('archive.retention')}</h2>
        <p className="muted small">{t('archive.retentionIntro')}</p>
        {retention.data && retention.data.retention.length === 0 && <p>{t('archive.noRetention')}</p>}
        <ul data-testid="archive-retention">
          {retention.data?.retention.map((r) => (
            <li key={r.channel}>
              {chan(r.channel)}: {r.days % 365 === 0 ? t('archive.years', { n: r.days / 365 }) : t('archive.days', { n: r.days })}{' '}
              <button type="button" className="btn btn-small btn-ghost" onClick={() => act(archiveApi.setRetention(workspace.id, r.channel, null), retention.reload)}>
                {t('archive.retentionRemove')}
              </button>
            </li>
          ))}
        </ul>
        <form className="filters" onSubmit={setRetention} aria-label={t('archive.retention')}>
          <div className="field">
            <label htmlFor="ret-channel">{t('archive.channel')}</label>
            <select id="ret-channel" value={ret.channel} onChange={(e) => setRet((r) => ({ ...r, channel: e.target.value }))}>
              <option value="*">{t('archive.retentionAll')}</option>
              {(channels.data?.channels ?? []).map((c) => (
                <option key={c.type} value={c.type}>
                  {channelLabel(tMaybe, c.type, c.name)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ret-years">{t('archive.retentionYears')}</label>
            <input id="ret-years" type="number" min={1} max={100} required value={ret.years} onChange={(e) => setRet((r) => ({ ...r, years: e.target.value }))} />
          </div>
          <div className="filter-actions">
            <button type="submit" className="btn btn-primary">
              {t('archive.retentionSet')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** Export packages: create one (a period), list them, download a finished one. */
export function ArchiveExports() {
  const { t, errorText, formatDate, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const list = useLoad(() => archiveApi.exports(workspace.id), [workspace.id]);
  const [range, setRange] = useState({ from: '', to: '' });
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const create = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    archiveApi.createExport(workspace.id, { from: startOf(range.from), to: endOf(range.to), ...(customer ? { customerId: customer.id } : {}) }).then(
      () => {
        list.reload();
        // A worker writes the package: look again shortly.
        setCustomer(null);
        setTimeout(list.reload, 1500);
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <div className="panel">
      <div className="card">
        <h2>{t('archive.exports')}</h2>
        <p className="muted small">{t('archive.exportsIntro')}</p>
        {error !== null && (
          <p className="alert alert-error" role="alert">
            {errorText(error)}
          </p>
        )}
        <form className="filters" onSubmit={create} aria-label={t('archive.exportCreate')}>
          <div className="field">
            <label htmlFor="export-from">{t('archive.from')}</label>
            <input id="export-from" type="date" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} />
          </div>
          <div className="field">
            <label htmlFor="export-to">{t('archive.to')}</label>
            <input id="export-to" type="date" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} />
          </div>
          <CustomerPicker id="export-customer" value={customer} onChange={setCustomer} />
          <div className="filter-actions">
            <button type="submit" className="btn btn-primary">
              {t('archive.exportCreate')}
            </button>
            <button type="button" className="btn" onClick={list.reload}>
              {t('archive.refresh')}
            </button>
          </div>
        </form>
        {list.data && list.data.exports.length === 0 && <p className="empty">{t('archive.noExports')}</p>}
        {list.data && list.data.exports.length > 0 && (
          <table className="table" data-testid="archive-exports">
            <thead>
              <tr>
                <th scope="col">{t('archive.time')}</th>
                <th scope="col">{t('archive.exportRange')}</th>
                <th scope="col">{t('archive.kind')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.exports.map((x) => (
                <tr key={x.id}>
                  <td className="nowrap">{formatDateTime(x.createdAt)}</td>
                  <td>
                    {x.filters.from || x.filters.to ? t('archive.holdPeriod', { from: x.filters.from ? formatDate(x.filters.from) : '…', to: x.filters.to ? formatDate(x.filters.to) : '…' }) : t('archive.exportAll')}
                    {x.filters.customerId && <span className="muted small"> · {t('archive.exportOfCustomer')}</span>}
                  </td>
                  <td>
                    {t(`archive.exportStatus.${x.status}`)}
                    {x.status === 'done' && <span className="muted small"> · {t('archive.exportVersions', { n: x.versions ?? 0, size: size(x.bytes) })}</span>}
                    {(x.attempts ?? 0) > 1 && x.status !== 'failed' && <span className="muted small"> · {t('archive.exportRestarted', { n: x.attempts ?? 0 })}</span>}
                    {x.error && <span className="muted small"> · {x.error}</span>}
                  </td>
                  <td>
                    {x.status === 'done' && (
                      <a className="btn btn-small" href={archiveApi.downloadUrl(workspace.id, x.id)} download>
                        {t('archive.download')}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
