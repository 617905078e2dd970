import { Fragment, useState, type FormEvent } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { ArchiveExports, ArchiveHolds } from './ArchiveAdmin.js';
import { CustomerPicker, type PickedCustomer } from './CustomerPicker.js';
import { archiveApi, VERSION_KINDS, type ArchivedVersion, type SearchQuery, type VersionDetail } from './archiveApi.js';

const TABS = ['search', 'holds', 'exports'] as const;
type Tab = (typeof TABS)[number];

/** The archive (compliance only): eDiscovery search, holds and retention, export packages. */
export function ArchivePage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('search');
  return (
    <section className="page" aria-labelledby="archive-title" data-testid="archive-page">
      <h1 id="archive-title">{t('archive.title')}</h1>
      <p className="muted">{t('archive.intro')}</p>
      <div className="tabs" role="tablist" aria-label={t('archive.tabs')}>
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" id={`archive-tab-${k}`} aria-selected={tab === k} aria-controls={`archive-panel-${k}`} className={`tab ${tab === k ? 'active' : ''}`} onClick={() => setTab(k)}>
            {t(`archive.tab.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`archive-panel-${tab}`} aria-labelledby={`archive-tab-${tab}`}>
        {tab === 'search' ? <ArchiveSearch /> : tab === 'holds' ? <ArchiveHolds /> : <ArchiveExports />}
      </div>
    </section>
  );
}

interface Draft {
  words: string;
  channel: string;
  kind: string;
  from: string;
  to: string;
  labels: string;
}
const EMPTY: Draft = { words: '', channel: '', kind: '', from: '', to: '', labels: '' };

function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

function ArchiveSearch() {
  const { t, tMaybe, errorText, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [person, setPerson] = useState<{ id: string; name: string } | null>(null);
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [applied, setApplied] = useState<SearchQuery>({});
  const [more, setMore] = useState<ArchivedVersion[]>([]);
  const [open, setOpen] = useState<Record<number, VersionDetail | 'loading'>>({});
  const [notice, setNotice] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const channels = useLoad(() => archiveApi.channels(workspace.id), [workspace.id]);
  const page = useLoad(() => archiveApi.search(workspace.id, applied), [workspace.id, applied]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const rows = [...(page.data?.versions ?? []), ...more];
  const nextBefore = next === undefined ? (page.data?.nextBefore ?? null) : next;

  const run = (q: SearchQuery) => {
    setMore([]);
    setNext(undefined);
    setOpen({});
    setApplied(q);
  };
  const submit = (e: FormEvent, who = person, whose = customer) => {
    e.preventDefault();
    run({
      words: draft.words.trim() || undefined,
      channel: draft.channel || undefined,
      kind: draft.kind || undefined,
      from: draft.from ? new Date(`${draft.from}T00:00:00`).toISOString() : undefined,
      to: draft.to ? dayAfter(draft.to) : undefined,
      labels: draft.labels.trim() || undefined,
      personId: who?.id,
      customerId: whose?.id,
    });
  };
  const loadMore = () => {
    if (nextBefore === null) return;
    archiveApi.search(workspace.id, { ...applied, before: nextBefore }).then(
      (p) => {
        setMore((m) => [...m, ...p.versions]);
        setNext(p.nextBefore);
      },
      (err: unknown) => setActionError(err),
    );
  };
  const toggle = (seq: number) => {
    if (open[seq]) {
      setOpen(({ [seq]: _, ...rest }) => rest);
      return;
    }
    setOpen((o) => ({ ...o, [seq]: 'loading' }));
    archiveApi.view(workspace.id, seq).then(
      (d) => setOpen((o) => ({ ...o, [seq]: d })),
      (err: unknown) => {
        setActionError(err);
        setOpen(({ [seq]: _, ...rest }) => rest);
      },
    );
  };
  const onlyPerson = (v: ArchivedVersion) => {
    const who = { id: v.author.id!, name: v.author.label ?? t('archive.person') };
    setPerson(who);
    run({ ...applied, personId: who.id, before: undefined });
  };
  const holdPerson = (v: ArchivedVersion) => {
    setActionError(null);
    const name = t('archive.holdPersonName', { name: v.author.label ?? t('archive.person') });
    archiveApi.createHold(workspace.id, { name, personId: v.author.id! }).then(
      () => setNotice(name),
      (err: unknown) => setActionError(err),
    );
  };
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const kindText = (k: string) => tMaybe(`archive.kind.${k}`) ?? k;

  return (
    <div className="panel">
      <form className="card filters" onSubmit={submit} aria-label={t('archive.tab.search')}>
        <div className="field">
          <label htmlFor="archive-words">{t('archive.words')}</label>
          <input id="archive-words" type="search" value={draft.words} placeholder={t('archive.wordsPlaceholder')} onChange={set('words')} />
        </div>
        <div className="field">
          <label htmlFor="archive-channel">{t('archive.channel')}</label>
          <select id="archive-channel" value={draft.channel} onChange={set('channel')}>
            <option value="">{t('archive.anyChannel')}</option>
            {(channels.data?.channels ?? []).map((c) => (
              <option key={c.type} value={c.type}>
                {channelLabel(tMaybe, c.type, c.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="archive-kind">{t('archive.kind')}</label>
          <select id="archive-kind" value={draft.kind} onChange={set('kind')}>
            <option value="">{t('archive.anyKind')}</option>
            {VERSION_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindText(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="archive-from">{t('archive.from')}</label>
          <input id="archive-from" type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="archive-to">{t('archive.to')}</label>
          <input id="archive-to" type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />
        </div>
        <div className="field">
          <label htmlFor="archive-labels">{t('archive.labels')}</label>
          <input id="archive-labels" type="text" value={draft.labels} placeholder={t('archive.labelsPlaceholder')} onChange={set('labels')} />
        </div>
        <CustomerPicker id="archive-customer" value={customer} onChange={(c) => setCustomer(c)} />
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            {t('archive.search')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDraft(EMPTY);
              setPerson(null);
              setCustomer(null);
              run({});
            }}
          >
            {t('archive.reset')}
          </button>
        </div>
        {person && (
          <p className="small">
            {t('archive.personFilter', { name: person.name })}{' '}
            <button type="button" className="btn btn-small btn-ghost" onClick={(e) => (setPerson(null), submit(e, null))}>
              {t('archive.clearPerson')}
            </button>
          </p>
        )}
      </form>

      {(page.error !== null || actionError !== null) && (
        <p className="alert alert-error" role="alert">
          {errorText(page.error ?? actionError)}
        </p>
      )}
      {notice && (
        <p className="alert alert-info" role="status">
          {t('archive.holdCreate')}: {notice}
        </p>
      )}

      {!page.loading && page.error === null && rows.length === 0 ? (
        <p className="empty">{t('archive.empty')}</p>
      ) : (
        rows.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="archive-results">
              <thead>
                <tr>
                  <th scope="col">{t('archive.time')}</th>
                  <th scope="col">{t('archive.kind')}</th>
                  <th scope="col">{t('archive.channel')}</th>
                  <th scope="col">{t('archive.person')}</th>
                  <th scope="col">{t('archive.text')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((v) => {
                  const d = open[v.seq];
                  return (
                    <Fragment key={v.seq}>
                      <tr>
                        <td className="nowrap">
                          <time dateTime={v.occurredAt}>{formatDateTime(v.occurredAt)}</time>
                        </td>
                        <td>
                          {kindText(v.kind)}
                          {v.isPrivate && <span className="muted small"> · {t('archive.private')}</span>}
                        </td>
                        <td>{channelLabel(tMaybe, v.channel)}</td>
                        <td>{v.author.label ?? t('common.none')}</td>
                        <td className="break">
                          {v.text}
                          {v.attachments > 0 && <span className="muted small"> · {t('archive.attachments', { n: v.attachments })}</span>}
                        </td>
                        <td className="nowrap">
                          <button type="button" className="btn btn-small" aria-expanded={!!d} onClick={() => toggle(v.seq)}>
                            {d ? t('archive.hideOriginal') : t('archive.viewOriginal')}
                          </button>
                          {v.author.id && (
                            <>
                              <button type="button" className="btn btn-small btn-ghost" onClick={() => onlyPerson(v)}>
                                {t('archive.onlyPerson')}
                              </button>
                              <button type="button" className="btn btn-small btn-ghost" onClick={() => holdPerson(v)}>
                                {t('archive.holdPerson')}
                              </button>
                            </>
                          )}
                        </td>
                      </tr>
                      {d && (
                        <tr className="diff-row">
                          <td colSpan={6}>
                            {d === 'loading' ? (
                              <span role="status">{t('common.loading')}</span>
                            ) : (
                              <div data-testid="archive-original">
                                <p className="small muted">{t('archive.original')}</p>
                                {d.original.title && <strong>{d.original.title}</strong>}
                                <p className="break">{d.original.text}</p>
                                <p className="small muted">
                                  {t('archive.hash')}: <code>{d.hash}</code>
                                </p>
                              </div>
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
        {page.loading ? <span role="status">{t('common.loading')}</span> : rows.length > 0 && <span className="muted small">{t('archive.count', { n: rows.length })}</span>}
        {!page.loading && nextBefore !== null && (
          <button type="button" className="btn" onClick={loadMore}>
            {t('archive.loadMore')}
          </button>
        )}
      </div>
    </div>
  );
}
