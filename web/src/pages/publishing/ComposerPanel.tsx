import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { measureFor } from '../../channelMeasure.js';
import { ChannelPreview } from './ChannelPreview.js';
import { publishingApi, type MediaItem, type PostView, type VariantCheck } from './publishingApi.js';
import { CheckLine, fromKstInput, PRODUCTS, StatusBadge, toKstInput, useTargetLabel } from './shared.js';
import { SpawnBox } from './SpawnBox.js';

interface Choice {
  key: string;
  accountId: string | null;
  accountName: string;
  target: string;
}
interface Draft {
  id: string | null;
  title: string;
  masterText: string;
  product: string;
  campaignId: string;
  slot: string;
  chosen: string[];
  texts: Record<string, string>;
  /** One image per variant (url and alt text), where the channel takes one. */
  media: Record<string, MediaItem[]>;
}
const BUILTIN_BLOG = 'builtin-blog';
/** The images given an address (an alt text typed alone is not an image yet). */
const withImage = (media: MediaItem[] | undefined) => (media ?? []).filter((m) => m.url.trim());

/** One image of a variant: its address and its alt text (required to pass the check); required where the channel says so. */
function ImageFields({ id, required, media, onChange }: { id: string; required: boolean; media: MediaItem[]; onChange(media: MediaItem[]): void }) {
  const { t } = useI18n();
  const m = media[0] ?? { url: '', altText: '' };
  const set = (next: MediaItem) => onChange(next.url.trim() || next.altText.trim() ? [next] : []);
  return (
    <div className="pub-inline pub-image" data-image-required={required || undefined}>
      <input
        type="url"
        aria-label={t('pub.compose.imageUrl')}
        placeholder={required ? t('pub.compose.imageRequired') : t('pub.compose.imageUrl')}
        value={m.url}
        onChange={(e) => set({ ...m, url: e.target.value })}
        data-testid={`pub-image-${id}`}
      />
      <input type="text" aria-label={t('pub.compose.imageAlt')} placeholder={t('pub.compose.imageAlt')} value={m.altText} onChange={(e) => set({ ...m, altText: e.target.value })} />
    </div>
  );
}

const empty = (): Draft => ({ id: null, title: '', masterText: '', product: '', campaignId: '', slot: '', chosen: [], texts: {}, media: {} });
const fromPost = (p: PostView): Draft => ({
  id: p.id,
  title: p.title,
  masterText: p.masterText,
  product: p.product ?? '',
  campaignId: p.campaignId ?? '',
  slot: toKstInput(p.scheduledAt),
  chosen: p.variants.map((v) => `${v.accountId ?? ''}:${v.target}`),
  // Variants that say what the master says follow it; only adapted ones keep their own text.
  texts: Object.fromEntries(p.variants.filter((v) => v.text !== p.masterText).map((v) => [`${v.accountId ?? ''}:${v.target}`, v.text])),
  media: Object.fromEntries(p.variants.filter((v) => v.media.length).map((v) => [`${v.accountId ?? ''}:${v.target}`, v.media])),
});

/** Compose once, adapt per channel: live counts in each channel's unit and the pre-send screen. */
export function ComposerPanel({ openPostId }: { openPostId?: string }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const label = useTargetLabel();
  const w = workspace.id;
  const setup = useLoad(async () => {
    const [targets, accounts, campaigns, recent, best] = await Promise.all([
      publishingApi.targets(w),
      publishingApi.accounts(w),
      publishingApi.campaigns(w),
      publishingApi.posts(w),
      publishingApi.bestTimes(w).catch(() => ({ basis: 'none', times: [] })),
    ]);
    return { targets, accounts: accounts.accounts, campaigns: campaigns.campaigns, recent: recent.posts, best };
  }, [w]);
  const [draft, setDraft] = useState<Draft>(empty);
  const [post, setPost] = useState<PostView | null>(null);
  const [checks, setChecks] = useState<Record<string, VariantCheck>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [campaignName, setCampaignName] = useState('');

  const choices: Choice[] = useMemo(() => {
    if (!setup.data) return [];
    const out: Choice[] = [];
    for (const a of setup.data.accounts) for (const target of setup.data.targets.channels[a.type] ?? []) out.push({ key: `${a.id}:${target}`, accountId: a.id, accountName: a.name, target });
    // The built-in blog publishes without a channel account.
    if (setup.data.targets.targets.includes(BUILTIN_BLOG)) out.push({ key: `:${BUILTIN_BLOG}`, accountId: null, accountName: '', target: BUILTIN_BLOG });
    return out;
  }, [setup.data]);

  useEffect(() => {
    if (!openPostId) return;
    publishingApi.post(w, openPostId).then((p) => {
      setDraft(fromPost(p));
      setPost(p);
      setStatus(p.status);
    }, setError);
  }, [w, openPostId]);

  // Live checks: every chosen channel's text, counted and screened, 300 ms after the last keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      for (const key of draft.chosen) {
        const target = key.slice(key.indexOf(':') + 1);
        const text = draft.texts[key] ?? draft.masterText;
        if (!text) continue;
        publishingApi.check(w, target, text, draft.product || null, withImage(draft.media[key])).then(
          (c) => setChecks((old) => ({ ...old, [key]: c })),
          () => undefined,
        );
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [w, draft.chosen, draft.texts, draft.masterText, draft.product, draft.media]);

  const input = () => ({
    title: draft.title,
    masterText: draft.masterText,
    product: (draft.product || null) as never,
    campaignId: draft.campaignId || null,
    scheduledAt: fromKstInput(draft.slot),
    variants: draft.chosen.map((key) => {
      const c = choices.find((x) => x.key === key);
      return {
        accountId: c?.accountId ?? null,
        target: c?.target ?? key.slice(key.indexOf(':') + 1),
        ...(draft.texts[key] !== undefined ? { text: draft.texts[key] } : {}),
        ...(withImage(draft.media[key]).length ? { media: withImage(draft.media[key]) } : {}),
      };
    }),
  });
  const run = async (what: 'save' | 'submit') => {
    setError(null);
    setNotice(null);
    try {
      let post = draft.id ? await publishingApi.update(w, draft.id, input()) : await publishingApi.create(w, input());
      if (what === 'submit') post = await publishingApi.submit(w, post.id);
      setDraft(fromPost(post));
      setPost(post);
      setStatus(post.status);
      setNotice(what === 'submit' ? t('pub.compose.submitted') : t('pub.compose.saved'));
      setup.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const addCampaign = async () => {
    if (!campaignName.trim()) return;
    try {
      const c = await publishingApi.createCampaign(w, campaignName.trim(), draft.product || null);
      setCampaignName('');
      setDraft((d) => ({ ...d, campaignId: c.id }));
      setup.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const toggle = (key: string) => setDraft((d) => ({ ...d, chosen: d.chosen.includes(key) ? d.chosen.filter((k) => k !== key) : [...d.chosen, key] }));
  const dayName = (n: number) => t(`pub.day.${n}` as never);

  if (setup.error) return <p className="alert alert-error">{errorText(setup.error)}</p>;
  if (!setup.data) return <p role="status">{t('common.loading')}</p>;
  const compose = can('publishing.compose');
  return (
    <div className="pub-compose">
      <aside className="card pub-recent">
        <h2>{t('pub.compose.recent')}</h2>
        <button type="button" className="btn btn-small" onClick={() => (setDraft(empty()), setPost(null), setStatus(null), setChecks({}))}>
          {t('pub.compose.new')}
        </button>
        <ul className="plain-list">
          {setup.data.recent.slice(0, 20).map((p) => (
            <li key={p.id}>
              <button type="button" className="btn-ghost pub-recent-item" onClick={() => (setDraft(fromPost(p)), setPost(p), setStatus(p.status), setChecks({}))}>
                <span>{p.title || p.masterText.slice(0, 30)}</span> <StatusBadge status={p.status} />
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <form className="card pub-form" onSubmit={(e) => (e.preventDefault(), run('save'))}>
        <h2>
          {draft.id ? t('pub.compose.edit') : t('pub.compose.new')} {status && <StatusBadge status={status} />}
        </h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="pub-title">{t('pub.compose.title')}</label>
            <input id="pub-title" type="text" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="pub-product">{t('pub.compose.product')}</label>
            <select id="pub-product" value={draft.product} onChange={(e) => setDraft({ ...draft, product: e.target.value })}>
              <option value="">{t('pub.compose.noProduct')}</option>
              {PRODUCTS.map((p) => (
                <option key={p} value={p}>
                  {t(`pub.product.${p}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pub-campaign">{t('pub.compose.campaign')}</label>
            <select id="pub-campaign" value={draft.campaignId} onChange={(e) => setDraft({ ...draft, campaignId: e.target.value })}>
              <option value="">{t('pub.compose.noCampaign')}</option>
              {setup.data.campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <div className="pub-inline">
              <input type="text" aria-label={t('pub.compose.newCampaign')} placeholder={t('pub.compose.newCampaign')} value={campaignName} onChange={(e) => setCampaignName(e.target.value)} />
              <button type="button" className="btn btn-small" onClick={addCampaign}>
                {t('pub.compose.addCampaign')}
              </button>
            </div>
          </div>
          <div className="field">
            <label htmlFor="pub-slot">{t('pub.compose.slot')}</label>
            <input id="pub-slot" type="datetime-local" value={draft.slot} onChange={(e) => setDraft({ ...draft, slot: e.target.value })} />
            <p className="hint">
              {t('pub.compose.best')}:{' '}
              {setup.data.best.times.length === 0
                ? t('pub.compose.bestNone')
                : setup.data.best.times
                    .slice(0, 3)
                    .map((b) => t('pub.compose.bestItem', { channel: label(b.channel), day: dayName(b.dayOfWeek), hour: b.hour, confidence: Math.round(b.confidence * 100) }))
                    .join(' · ')}
            </p>
          </div>
        </div>
        <div className="field">
          <label htmlFor="pub-master">{t('pub.compose.master')}</label>
          <textarea id="pub-master" rows={5} aria-describedby="pub-master-links" value={draft.masterText} onChange={(e) => setDraft({ ...draft, masterText: e.target.value })} />
          <p id="pub-master-links" className="muted">
            {t('pub.compose.linksNote')}
          </p>
        </div>
        <fieldset className="field">
          <legend>{t('pub.compose.channels')}</legend>
          {choices.length === 0 && <p className="muted">{t('pub.compose.noChannels')}</p>}
          {choices.map((c) => (
            <label key={c.key} className="check-label">
              <input type="checkbox" checked={draft.chosen.includes(c.key)} onChange={() => toggle(c.key)} data-target={c.target} /> {label(c.target)} · <span translate="no">{c.accountName}</span>
            </label>
          ))}
        </fieldset>
        {draft.chosen.map((key) => {
          const c = choices.find((x) => x.key === key);
          const target = c?.target ?? key.slice(key.indexOf(':') + 1);
          return (
            <div key={key} className="field pub-variant" data-variant={target}>
              <label htmlFor={`pub-v-${key}`}>
                {t('pub.compose.variant', { channel: label(target) })} · <span translate="no">{c?.accountName ?? ''}</span>
              </label>
              <textarea id={`pub-v-${key}`} rows={4} value={draft.texts[key] ?? draft.masterText} onChange={(e) => setDraft({ ...draft, texts: { ...draft.texts, [key]: e.target.value } })} />
              <ImageFields id={key} required={Boolean(measureFor(target)?.('').imageRequired)} media={draft.media[key] ?? []} onChange={(media) => setDraft({ ...draft, media: { ...draft.media, [key]: media } })} />
              <CheckLine check={checks[key]} testId={`check-${target}`} />
            </div>
          );
        })}
        {draft.chosen.length > 0 && (
          <section aria-labelledby="pub-chpvs-title">
            <h3 id="pub-chpvs-title">{t('pub.preview.title')}</h3>
            <div className="pub-chpvs">
              {draft.chosen.map((key) => {
                const c = choices.find((x) => x.key === key);
                const target = c?.target ?? key.slice(key.indexOf(':') + 1);
                const sent = post?.variants.find((v) => `${v.accountId ?? ''}:${v.target}` === key);
                const written = draft.texts[key] ?? draft.masterText;
                // As it goes out once the round made it (tracked links, 심의필), else as written.
                const text = sent && sent.text === written ? sent.finalText : written;
                return <ChannelPreview key={key} target={target} accountName={c?.accountName ?? ''} title={draft.title} text={text} media={draft.media[key] ?? []} />;
              })}
            </div>
          </section>
        )}
        {post && <SpawnBox post={post} choices={choices} onSpawned={(p) => (setDraft(fromPost(p)), setPost(p), setStatus(p.status), setChecks({}), setup.reload())} />}
        {error && (
          <p className="alert alert-error" role="alert" data-testid="pub-error">
            {error}
          </p>
        )}
        {notice && (
          <p className="alert alert-success" role="status">
            {notice}
          </p>
        )}
        {compose && (
          <div className="form-actions">
            <button type="submit" className="btn" data-testid="pub-save">
              {t('pub.compose.save')}
            </button>
            <button type="button" className="btn btn-primary" data-testid="pub-submit" onClick={() => run('submit')} disabled={!['draft', 'changes_requested', null].includes(status)}>
              {t('pub.compose.submit')}
            </button>
          </div>
        )}
      </form>
    </div>
  );
}
