import { accountLabel, channelLabel } from '../../channelLabel.js';
import { truthKo } from '../../i18n/truth.ko.js';
import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type AuditEntry, type AuditFilter } from '../../api.js';
import { diff } from '../../diff.js';
import { useI18n } from '../../i18n/index.js';
import { useMembers } from '../../useMembers.js';
import { useWorkspace } from '../../workspace.js';
import { SettingsPanel } from '../../components/settings/index.js';

const PAGE = 50;

interface Filters {
  action: string;
  actorId: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { action: '', actorId: '', from: '', to: '' };

/** Local calendar days → instants: from `from` 00:00 up to (not including) the day after `to`. */
function toQuery(f: Filters): AuditFilter {
  return {
    action: f.action.trim() || undefined,
    actorId: f.actorId.trim() || undefined,
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
    to: f.to ? dayAfter(f.to).toISOString() : undefined,
    limit: PAGE,
  };
}

function dayAfter(day: string): Date {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d;
}

/** The actions the log records, by their dictionary keys (`auditAction.<code>`). */
const AUDIT_ACTIONS = Object.keys(truthKo)
  .filter((k) => k.startsWith('auditAction.'))
  .map((k) => k.slice('auditAction.'.length));

/** A name an audit entry's before/after recorded (name, title, e-mail, subject), if any. */
function recordedName(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  for (const k of ['name', 'title', 'displayName', 'email', 'subject', 'filename']) {
    const v = d[k];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return undefined;
}

export function AuditPage() {
  const { t, tMaybe, errorText, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const members = useMembers();
  const run = useRef(0);

  const actorText = (a: AuditEntry['actor']) =>
    !a ? <span className="muted">{t('audit.system')}</span> : a.id === null ? <span className="muted">{a.label === 'system' ? t('audit.system') : a.label}</span> : <span title={a.email}>{a.name || a.email}</span>;
  // Names, never ids: a member, the workspace, or the name the entry itself recorded; else the kind alone.
  const targetText = (e: AuditEntry) => {
    if (!e.targetType) return t('common.none');
    const member = e.targetType === 'user' && e.targetId ? members?.get(e.targetId) : undefined;
    const recorded = (e.after ?? e.before) as { type?: string; settings?: Record<string, unknown> | null; name?: string } | null;
    // Demo and import accounts carry generated English names: shown by their localized label, as on the Channels page.
    const account =
      e.targetType === 'channel_account' && recorded?.type && (recorded.settings?.demo === true || recorded.settings?.import === true)
        ? `${accountLabel(t, { name: recorded.name ?? '', settings: recorded.settings })} · ${channelLabel(tMaybe, recorded.type)}`
        : undefined;
    const label = member ? member.name || member.email : e.targetType === 'workspace' && e.targetId === workspace.id ? workspace.name : (account ?? recordedName(e.after) ?? recordedName(e.before));
    const kind = tMaybe(`auditTarget.${e.targetType}`) ?? e.targetType;
    return `${kind}${label ? ` · ${label}` : ''}`;
  };
  const actionText = (action: string) => tMaybe(`auditAction.${action}`) ?? action;

  const fetchPage = useCallback(
    (filters: Filters, before: number | null) => {
      const mine = ++run.current;
      setLoading(true);
      setError(null);
      api
        .audit(workspace.id, { ...toQuery(filters), before: before ?? undefined })
        .then((page) => {
          if (mine !== run.current) return;
          setEntries((old) => (before === null ? page.entries : [...old, ...page.entries]));
          setNextBefore(page.nextBefore);
        })
        .catch((err: unknown) => mine === run.current && setError(err))
        .finally(() => mine === run.current && setLoading(false));
    },
    [workspace.id],
  );

  useEffect(() => fetchPage(applied, null), [fetchPage, applied]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOpen(new Set());
    setApplied({ ...draft });
  };
  const reset = () => {
    setDraft(EMPTY);
    setOpen(new Set());
    setApplied(EMPTY);
  };
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <SettingsPanel title={t('audit.title')} intro={t('audit.intro')}>
      <form className="card filters" onSubmit={apply} aria-label={t('audit.filters')}>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" value={draft.action} onChange={set('action')}>
            <option value="">{t('audit.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => ({ a, label: actionText(a) }))
              .sort((x, y) => x.label.localeCompare(y.label))
              .map(({ a, label }) => (
                <option key={a} value={a}>
                  {label}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          {members ? (
            <select id="audit-actor" value={draft.actorId} onChange={set('actorId')}>
              <option value="">{t('audit.anyActor')}</option>
              {[...members.values()].map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name ? `${m.name} (${m.email})` : m.email}
                </option>
              ))}
            </select>
          ) : (
            <input id="audit-actor" type="text" placeholder={t('audit.actorId')} value={draft.actorId} onChange={set('actorId')} />
          )}
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input id="audit-from" type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input id="audit-to" type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            {t('audit.apply')}
          </button>
          <button type="button" className="btn" onClick={reset}>
            {t('audit.reset')}
          </button>
        </div>
      </form>

      {error !== null && (
        <div className="alert alert-error" role="alert">
          {errorText(error)}{' '}
          <button type="button" className="btn btn-small" onClick={() => fetchPage(applied, entries.length ? nextBefore : null)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {!loading && error === null && entries.length === 0 ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : (
        entries.length > 0 && (
          <div className="table-wrap">
            <table className="table audit" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.ip')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('audit.details')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => {
                  const isOpen = open.has(e.id);
                  const rows = isOpen ? diff(e.before, e.after) : [];
                  return (
                    <Fragment key={e.id}>
                      <tr className={isOpen ? 'expanded' : undefined}>
                        <td className="nowrap">
                          <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                        </td>
                        <td>{actorText(e.actor)}</td>
                        <td>{actionText(e.action)}</td>
                        <td className="break">{targetText(e)}</td>
                        <td className="nowrap">{e.ip ?? t('common.none')}</td>
                        <td>
                          <button type="button" className="btn btn-small btn-ghost" aria-expanded={isOpen} aria-controls={`audit-${e.id}`} onClick={() => toggle(e.id)}>
                            {isOpen ? t('audit.hideDetails') : t('audit.details')}
                          </button>
                        </td>
                      </tr>
                      {isOpen && (
                        <tr className="diff-row" id={`audit-${e.id}`}>
                          <td colSpan={6}>
                            {rows.length === 0 ? (
                              <p className="muted small">{t('audit.noChanges')}</p>
                            ) : (
                              <table className="diff">
                                <thead>
                                  <tr>
                                    <th scope="col">{t('audit.field')}</th>
                                    <th scope="col">{t('audit.before')}</th>
                                    <th scope="col">{t('audit.after')}</th>
                                  </tr>
                                </thead>
                                <tbody>
                                  {rows.map((r) => (
                                    <tr key={r.field}>
                                      <th scope="row">
                                        <code>{r.field || t('common.none')}</code>
                                      </th>
                                      <td className="before">{r.before ?? t('common.none')}</td>
                                      <td className="after">{r.after ?? t('common.none')}</td>
                                    </tr>
                                  ))}
                                </tbody>
                              </table>
                            )}
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      )}

      <div className="list-foot">
        {loading ? <span role="status">{t('common.loading')}</span> : entries.length > 0 && <span className="muted small">{t('audit.count', { n: entries.length })}</span>}
        {!loading && nextBefore !== null && (
          <button type="button" className="btn" onClick={() => fetchPage(applied, nextBefore)}>
            {t('audit.loadMore')}
          </button>
        )}
        {!loading && nextBefore === null && entries.length > 0 && <span className="muted small">{t('audit.end')}</span>}
      </div>
    </SettingsPanel>
  );
}
