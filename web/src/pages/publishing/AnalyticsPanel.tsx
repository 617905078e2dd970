import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { safeHref } from '../../safeHref.js';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { publishingApi, type PostAnalytics, type VariantAnalytics } from './publishingApi.js';
import { StatusBadge, useTargetLabel } from './shared.js';

const FIGURES = ['replies', 'shares', 'likes', 'views', 'clicks', 'conversions'] as const;

/**
 * Post analytics: per post (one campaign, or the latest published) and channel variant, the engagement
 * pulled back from the channel and the tracked links' clicks and conversions; a published variant can be
 * edited (screened again; approved where the rule says) or taken down through its channel.
 */
export function AnalyticsPanel({ onOpen }: { onOpen(postId: string): void }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const time = useTimeFormat();
  const label = useTargetLabel();
  const w = workspace.id;
  const [campaignId, setCampaignId] = useState('');
  const [editing, setEditing] = useState<{ postId: string; v: VariantAnalytics; text: string } | null>(null);
  const [removing, setRemoving] = useState<{ postId: string; v: VariantAnalytics } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const campaigns = useLoad(() => publishingApi.campaigns(w), [w]);
  const data = useLoad(() => publishingApi.analytics(w, campaignId ? { campaignId } : {}), [w, campaignId]);
  /** Runs an action; its notice is what it returns. */
  const act = async (run: () => Promise<string>) => {
    setError(null);
    setNotice(null);
    try {
      setNotice(await run());
      data.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const startEdit = async (postId: string, v: VariantAnalytics) => {
    try {
      const post = await publishingApi.post(w, postId);
      const full = post.variants.find((x) => x.id === v.variantId);
      setEditing({ postId, v, text: full?.pendingText ?? full?.text ?? '' });
    } catch (err) {
      setError(errorText(err));
    }
  };
  const figure = (n: number | null) => (n === null ? '–' : time.number(n));
  const row = (p: PostAnalytics, v: VariantAnalytics) => (
    <tr key={v.variantId} data-variant={v.variantId} data-target={v.target}>
      <td>
        {label(v.target)} {v.accountName && <span translate="no">· {v.accountName}</span>} <StatusBadge status={v.deletedAt ? 'deleted' : v.status} />
        {v.editedAt && <span className="badge badge-muted">{t('pub.an.edited')}</span>}
        {v.url && !v.deletedAt && (
          <>
            {' '}
            <a href={safeHref(v.url)} target="_blank" rel="noopener noreferrer">
              {t('pub.an.open')}
            </a>
          </>
        )}
        <div className="muted small">
          {v.fetchedAt ? t('pub.an.fetched', { when: time.relative(v.fetchedAt), n: v.checks }) : v.publishedAt ? t('pub.an.notYet') : ''}
          {v.nextCheckAt && <> · {t('pub.an.next', { when: time.absolute(v.nextCheckAt) })}</>}
        </div>
      </td>
      {FIGURES.map((f) => (
        <td key={f} data-figure={f}>
          {figure(v[f])}
        </td>
      ))}
      <td>
        {v.status === 'published' && !v.deletedAt && (
          <span className="pub-inline">
            {can('publishing.compose') && (
              <button type="button" className="btn btn-small" data-testid="pub-edit-published" onClick={() => startEdit(p.postId, v)}>
                {t('pub.an.edit')}
              </button>
            )}
            {v.pendingEdit && <span className="badge badge-info">{t('pub.an.pending')}</span>}
            {v.pendingEdit && can('publishing.approve') && (
              <button type="button" className="btn btn-small" data-testid="pub-approve-edit" onClick={() => act(async () => (await publishingApi.approveEdit(w, p.postId, v.variantId), t('pub.an.editSent')))}>
                {t('pub.an.approveEdit')}
              </button>
            )}
            {can('publishing.manage') && (
              <button type="button" className="btn btn-small btn-danger" data-testid="pub-delete-published" onClick={() => setRemoving({ postId: p.postId, v })}>
                {t('pub.an.delete')}
              </button>
            )}
          </span>
        )}
      </td>
    </tr>
  );
  return (
    <div className="card pub-analytics" data-testid="pub-analytics">
      <div className="pub-cal-bar">
        <select aria-label={t('pub.compose.campaign')} value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
          <option value="">{t('pub.an.latest')}</option>
          {campaigns.data?.campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" onClick={() => data.reload()}>
          {t('pub.an.refresh')}
        </button>
      </div>
      <p className="hint">{t('pub.an.hint')}</p>
      {error && (
        <p className="alert alert-error" role="alert" data-testid="pub-an-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="alert alert-success" role="status" data-testid="pub-an-notice">
          {notice}
        </p>
      )}
      {data.error ? <p className="alert alert-error">{errorText(data.error)}</p> : null}
      {data.data && data.data.posts.length === 0 && <p className="muted">{t('pub.an.empty')}</p>}
      {data.data && data.data.posts.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('pub.an.channel')}</th>
              {FIGURES.map((f) => (
                <th key={f}>{t(`pub.an.${f}`)}</th>
              ))}
              <th />
            </tr>
          </thead>
          {data.data.posts.map((p) => (
            <tbody key={p.postId} data-post={p.postId}>
              <tr className="pub-an-post">
                <th colSpan={FIGURES.length + 2}>
                  <button type="button" className="btn-ghost" onClick={() => onOpen(p.postId)}>
                    <span translate="no">{p.title}</span>
                  </button>{' '}
                  <StatusBadge status={p.status} /> {p.scheduledAt && <span className="muted small">{time.absolute(p.scheduledAt)}</span>}{' '}
                  {can('publishing.compose') && p.variants.some((v) => v.status === 'published' && !v.deletedAt) && (
                    <button type="button" className="btn btn-small" data-testid="pub-pull-now" onClick={() => act(async () => t('pub.an.pulled', { n: (await publishingApi.refreshEngagement(w, p.postId)).pulled }))}>
                      {t('pub.an.pullNow')}
                    </button>
                  )}
                </th>
              </tr>
              {p.variants.map((v) => row(p, v))}
              <tr className="pub-an-total">
                <td>{t('pub.an.postTotal')}</td>
                {FIGURES.map((f) => (
                  <td key={f}>{time.number(p.totals[f])}</td>
                ))}
                <td />
              </tr>
            </tbody>
          ))}
          <tfoot>
            <tr data-testid="pub-an-totals">
              <th>{t('pub.an.total')}</th>
              {FIGURES.map((f) => (
                <th key={f} data-total={f}>
                  {time.number(data.data!.totals[f])}
                </th>
              ))}
              <th />
            </tr>
          </tfoot>
        </table>
      )}
      {editing && (
        <div className="card pub-edit-published" data-testid="pub-edit-form">
          <label htmlFor="pub-edit-text">{t('pub.an.editLabel', { channel: label(editing.v.target) })}</label>
          <textarea id="pub-edit-text" rows={4} value={editing.text} onChange={(e) => setEditing({ ...editing, text: e.target.value })} />
          <p className="hint">{t('pub.an.editHint')}</p>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="pub-edit-send"
              onClick={() =>
                act(async () => {
                  const post = await publishingApi.editPublished(w, editing.postId, editing.v.variantId, editing.text);
                  setEditing(null);
                  return post.variants.find((x) => x.id === editing.v.variantId)?.pendingText ? t('pub.an.editPending') : t('pub.an.editSent');
                })
              }
            >
              {t('pub.an.editSend')}
            </button>
          </div>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={t('pub.an.delete')}
          body={t('pub.an.deleteConfirm', { channel: label(removing.v.target) })}
          confirm={t('pub.an.delete')}
          danger
          onConfirm={() => {
            const r = removing;
            setRemoving(null);
            void act(async () => (await publishingApi.deletePublished(w, r.postId, r.v.variantId), t('pub.an.deleted')));
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  );
}
