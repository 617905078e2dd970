import { useEffect, useState, type RefObject } from 'react';
import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { PRIORITIES, type Team } from './inboxApi.js';
import { NO_FILTERS, VIEWS, type Filters, type QueueChoice, type ViewId } from './queueModel.js';

/** Channel types a conversation can come from (the server's list when the role may read it). */

export function QueueSidebar(props: { value: QueueChoice; onChange(next: QueueChoice): void; channels: { type: string; name?: string }[]; teams: Team[] | null; searchRef: RefObject<HTMLInputElement | null> }) {
  const { t, tMaybe } = useI18n();
  const { value, onChange } = props;
  const f = value.filters;
  const [q, setQ] = useState(f.q);
  const [tag, setTag] = useState(f.tag);
  useEffect(() => setQ(f.q), [f.q]);
  useEffect(() => setTag(f.tag), [f.tag]);

  // Typed filters follow after a short pause; the selects apply at once.
  useEffect(() => {
    if (q.trim() === f.q && tag.trim() === f.tag) return;
    const timer = setTimeout(() => onChange({ ...value, filters: { ...f, q: q.trim(), tag: tag.trim() } }), 400);
    return () => clearTimeout(timer);
  }, [q, tag, f, value, onChange]);

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => onChange({ ...value, filters: { ...f, [k]: e.target.value } });
  const view = (v: ViewId) => onChange({ ...value, view: v });
  const active = Object.values(f).some((v) => v !== '');
  const [open, setOpen] = useState(false);
  const chosen = [f.channel, f.priority, f.teamId, f.tag].filter((v) => v !== '').length;

  return (
    <aside className="q-side" aria-label={t('inbox.views')}>
      <nav className="q-views" aria-label={t('inbox.views')}>
        {VIEWS.map((v) => (
          <button key={v} type="button" className="q-view" aria-pressed={value.view === v} onClick={() => view(v)} data-view={v}>
            {t(`inbox.view.${v}`)}
          </button>
        ))}
      </nav>
      <form
        className={`q-filters ${open ? 'is-open' : ''}`}
        role="search"
        aria-label={t('inbox.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ ...value, filters: { ...f, q: q.trim(), tag: tag.trim() } });
        }}
      >
        <div className="field">
          <label htmlFor="q-search">{t('inbox.search')}</label>
          <input ref={props.searchRef} id="q-search" type="search" placeholder={t('inbox.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <button type="button" className="btn btn-small q-filter-toggle" aria-expanded={open} aria-controls="q-filter-grid" onClick={() => setOpen((o) => !o)}>
          {chosen ? t('inbox.moreFiltersN', { n: chosen }) : t('inbox.moreFilters')}
        </button>
        <div className="q-filter-grid" id="q-filter-grid">
          <div className="field">
            <label htmlFor="q-channel">{t('inbox.channel')}</label>
            <select id="q-channel" value={f.channel} onChange={set('channel')}>
              <option value="">{t('inbox.all')}</option>
              {props.channels.map((c) => (
                <option key={c.type} value={c.type}>
                  {channelLabel(tMaybe, c.type, c.name)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="q-priority">{t('inbox.priority')}</label>
            <select id="q-priority" value={f.priority} onChange={set('priority')}>
              <option value="">{t('inbox.all')}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`inbox.priority.${p}`)}
                </option>
              ))}
            </select>
          </div>
          {props.teams && props.teams.length > 0 && (
            <div className="field">
              <label htmlFor="q-team">{t('inbox.team')}</label>
              <select id="q-team" value={f.teamId} onChange={set('teamId')}>
                <option value="">{t('inbox.all')}</option>
                {props.teams.map((tm) => (
                  <option key={tm.id} value={tm.id}>
                    {tm.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="q-tag">{t('inbox.tag')}</label>
            <input id="q-tag" type="text" value={tag} placeholder={t('inbox.tagPlaceholder')} onChange={(e) => setTag(e.target.value)} />
          </div>
        </div>
        {active && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange({ ...value, filters: NO_FILTERS })}>
            {t('inbox.clearFilters')}
          </button>
        )}
      </form>
    </aside>
  );
}
