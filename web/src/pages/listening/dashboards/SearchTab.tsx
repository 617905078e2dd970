import { useEffect, useRef, useState } from 'react';
import { channelLabel } from '../../../channelLabel.js';
import { useI18n } from '../../../i18n/index.js';
import type { Item } from '../../../listeningApi.js';
import { listeningApi } from '../../../listeningApi.js';
import { useNow, useTimeFormat } from '../../../time.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { ItemCard } from '../ItemCard.js';
import { dashboardsApi, INTENTS, queryProblem, type SearchFilter } from './dashboardsApi.js';
import { ProblemCaret } from './QueryForm.js';
import { customersApi } from '../../customers/customersApi.js';
import { PeriodPicker, presetPeriod, type Preset } from './PeriodPicker.js';

const LANGS = ['ko', 'en', 'ja', 'zh'] as const;
const SENTS = ['negative', 'neutral', 'positive'] as const;
type Form = { q: string; channel: string; lang: string; sentiment: string; intent: string; queryId: string; segmentId: string };
const EMPTY: Form = { q: '', channel: '', lang: '', sentiment: '', intent: '', queryId: '', segmentId: '' };

/** Full-text search over all items (Korean-aware on the server: particles ignored, "phrases", #tags, @handles). */
export function SearchTab({ segmentId }: { segmentId?: string } = {}) {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const segments = useLoad(() => (can('customers.read') ? customersApi.segments(workspace.id).then((r) => r.segments) : Promise.resolve([])), [workspace.id]);
  const now = useNow();
  const channels = useLoad(() => listeningApi.channels(workspace.id).then((r) => r.channels), [workspace.id]);
  const queries = useLoad(() => dashboardsApi.queries(workspace.id).then((r) => r.queries), [workspace.id]);
  const start = { ...EMPTY, segmentId: segmentId ?? '' };
  const [form, setForm] = useState<Form>(start);
  const [applied, setApplied] = useState<Form>(start);
  const [preset, setPreset] = useState<Preset>('30d');
  const [period, setPeriod] = useState(() => presetPeriod('30d'));
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<{ n: number; capped: boolean } | null>(null);
  const [terms, setTerms] = useState<string[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useRef(0);
  const problem = queryProblem(error);
  const time = useTimeFormat();

  const load = (after: string | null) => {
    const mine = ++run.current;
    setLoading(true);
    setError(null);
    const f: SearchFilter = { ...applied, from: period.from, to: period.to, cursor: after ?? undefined, limit: 50 };
    dashboardsApi
      .search(workspace.id, f)
      .then((r) => {
        if (mine !== run.current) return;
        setItems((old) => (after ? [...old, ...r.items] : r.items));
        setCursor(r.nextCursor);
        if (!after) {
          setTotal(r.total === null ? null : { n: r.total, capped: r.totalCapped });
          setTerms(r.terms);
        }
      })
      .catch((err: unknown) => mine === run.current && setError(err))
      .finally(() => mine === run.current && setLoading(false));
  };
  useEffect(() => load(null), [applied, period, workspace.id]);

  const set = (k: keyof Form) => (e: { target: { value: string } }) => {
    const next = { ...form, [k]: e.target.value };
    setForm(next);
    if (k !== 'q') setApplied(next); // selects apply at once, the text on submit
  };
  const select = (k: keyof Form, label: string, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`s-${k}`}>{label}</label>
      <select id={`s-${k}`} value={form[k]} onChange={set(k)}>
        <option value="">{t('listening.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="ld-search">
      <form
        className="card listen-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...form, q: form.q.trim() });
        }}
      >
        <div className="field field-q">
          <label htmlFor="s-q">{t('ld.s.q')}</label>
          <input
            id="s-q"
            type="search"
            value={form.q}
            placeholder={t('ld.s.placeholder')}
            aria-describedby={problem ? 's-q-error' : 's-q-help'}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => setForm({ ...form, q: e.target.value })}
          />
          <p className="muted small" id="s-q-help">
            {t('ld.s.help')}
          </p>
        </div>
        {select(
          'channel',
          t('listening.channel'),
          (channels.data ?? []).map((c) => ({ value: c.type, label: channelLabel(tMaybe, c.type, c.name) })),
        )}
        {select(
          'lang',
          t('listening.lang'),
          LANGS.map((l) => ({ value: l, label: tMaybe(`lang.item.${l}`) ?? l })),
        )}
        {select(
          'sentiment',
          t('listening.sentiment'),
          SENTS.map((s) => ({ value: s, label: t(`ld.sentiment.${s}`) })),
        )}
        {select(
          'intent',
          t('ld.s.intent'),
          INTENTS.map((i) => ({ value: i, label: tMaybe(`intent.${i}`) ?? i })),
        )}
        {select(
          'queryId',
          t('ld.s.query'),
          (queries.data ?? []).map((q) => ({ value: q.id, label: q.name })),
        )}
        {can('customers.read') &&
          select(
            'segmentId',
            t('ld.s.segment'),
            (segments.data ?? []).map((x) => ({ value: x.id, label: x.name })),
          )}
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            {t('ld.s.submit')}
          </button>
        </div>
      </form>
      <PeriodPicker
        preset={preset}
        onChange={(p, next) => {
          setPreset(p);
          setPeriod(next);
        }}
      />
      {problem && <ProblemCaret expression={applied.q} problem={problem} id="s-q-error" />}
      {error !== null && !problem && (
        <p className="alert alert-error" role="alert">
          {errorText(error)}
        </p>
      )}
      {!loading && total !== null && error === null && (
        <div className="toolbar">
          <p className="ld-search-total" role="status" data-testid="search-total">
            {t(total.capped ? 'ld.s.totalCapped' : 'ld.s.total', { n: time.number(total.n) })}
          </p>
          <a className="btn btn-small" href={dashboardsApi.searchCsvUrl(workspace.id, { ...applied, from: period.from, to: period.to })} download data-testid="search-csv">
            {t('ld.s.csv')}
          </a>
        </div>
      )}
      {!loading && items.length === 0 && error === null ? (
        <div className="empty">
          <p>{applied.q ? t('ld.s.noHits', { q: applied.q }) : t('listening.emptyFiltered')}</p>
        </div>
      ) : (
        <div className="item-stream" role="feed" aria-busy={loading} data-testid="search-results">
          {items.map((item) => (
            <ItemCard key={item.id} item={item} channelName={channelLabel(tMaybe, item.channel)} fresh={false} now={now} highlight={terms} />
          ))}
        </div>
      )}
      <div className="list-foot">
        {loading ? <span role="status">{t('common.loading')}</span> : items.length > 0 && <span className="muted small">{t('listening.count', { n: items.length })}</span>}
        {!loading && cursor && (
          <button type="button" className="btn" onClick={() => load(cursor)}>
            {t('listening.loadMore')}
          </button>
        )}
      </div>
    </div>
  );
}
