import { useEffect, useState } from 'react';
import { accountTitle, channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { ITEM_KINDS, type ChannelAccount, type ChannelType } from '../../listeningApi.js';

export interface Filters {
  channel: string;
  accountId: string;
  kind: string;
  lang: string;
  q: string;
}
export const NO_FILTERS: Filters = { channel: '', accountId: '', kind: '', lang: '', q: '' };

/** Languages the pipeline assigns (script-based detection) plus what sources commonly send. */
const LANGS = ['ko', 'en', 'mixed', 'ja', 'zh', 'other'] as const;

export function ListeningFilters(props: { value: Filters; onChange(next: Filters): void; channels: ChannelType[]; accounts: ChannelAccount[] }) {
  const i18n = useI18n();
  const { t, tMaybe } = i18n;
  const { value, onChange } = props;
  const [q, setQ] = useState(value.q);

  // The text search follows typing after a short pause; the selects apply at once.
  useEffect(() => {
    if (q.trim() === value.q) return;
    const timer = setTimeout(() => onChange({ ...value, q: q.trim() }), 400);
    return () => clearTimeout(timer);
  }, [q, value, onChange]);

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  const accounts = props.accounts.filter((a) => !value.channel || a.type === value.channel);
  const active = Object.values(value).some((v) => v !== '');

  return (
    <form
      className="card listen-filters"
      role="search"
      aria-label={t('listening.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...value, q: q.trim() });
      }}
    >
      <div className="field field-q">
        <label htmlFor="listen-q">{t('listening.search')}</label>
        <input id="listen-q" type="search" placeholder={t('listening.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="listen-channel">{t('listening.channel')}</label>
        <select id="listen-channel" value={value.channel} onChange={(e) => onChange({ ...value, channel: e.target.value, accountId: '' })}>
          <option value="">{t('listening.all')}</option>
          {props.channels.map((c) => (
            <option key={c.type} value={c.type}>
              {channelLabel(tMaybe, c.type, c.name)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="listen-account">{t('listening.account')}</label>
        <select id="listen-account" value={value.accountId} onChange={set('accountId')}>
          <option value="">{t('listening.all')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {accountTitle(i18n, a)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="listen-kind">{t('listening.kind')}</label>
        <select id="listen-kind" value={value.kind} onChange={set('kind')}>
          <option value="">{t('listening.all')}</option>
          {ITEM_KINDS.map((k) => (
            <option key={k} value={k}>
              {tMaybe(`kind.${k}`) ?? k}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="listen-lang">{t('listening.lang')}</label>
        <select id="listen-lang" value={value.lang} onChange={set('lang')}>
          <option value="">{t('listening.all')}</option>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {tMaybe(`lang.item.${l}`) ?? l}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-actions">
        <button
          type="button"
          className="btn"
          disabled={!active}
          onClick={() => {
            setQ('');
            onChange(NO_FILTERS);
          }}
        >
          {t('listening.reset')}
        </button>
      </div>
    </form>
  );
}
