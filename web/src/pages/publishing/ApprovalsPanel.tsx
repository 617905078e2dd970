import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { publishingApi, type DiffField, type PostView, type ReviewView } from './publishingApi.js';
import { CheckLine, StatusBadge, useTargetLabel, useWho } from './shared.js';

/** The approvals queue: what waits, each post's variants with their checks, the chain, history and diff. */
export function ApprovalsPanel() {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const w = workspace.id;
  const queue = useLoad(() => publishingApi.posts(w, 'in_review').then((r) => r.posts), [w]);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    if (!selected && queue.data?.[0]) setSelected(queue.data[0].id);
  }, [queue.data, selected]);
  if (queue.error) return <p className="alert alert-error">{errorText(queue.error)}</p>;
  if (!queue.data) return <p role="status">{t('common.loading')}</p>;
  return (
    <div className="pub-approvals">
      <aside className="card pub-queue">
        {queue.data.length === 0 && <p className="muted">{t('pub.approvals.empty')}</p>}
        <ul className="plain-list">
          {queue.data.map((p) => (
            <li key={p.id}>
              <button type="button" className={`btn-ghost pub-recent-item ${p.id === selected ? 'selected' : ''}`} onClick={() => setSelected(p.id)} data-post={p.id}>
                <span>{p.title || p.masterText.slice(0, 30)}</span> <span className="muted small">{p.chain[p.step]?.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      {selected && <ReviewCard key={selected} postId={selected} onDone={queue.reload} />}
    </div>
  );
}

function ReviewCard({ postId, onDone }: { postId: string; onDone(): void }) {
  const { t, tMaybe, errorText } = useI18n();
  const time = useTimeFormat();
  const { workspace, can } = useWorkspace();
  const label = useTargetLabel();
  const who = useWho();
  const w = workspace.id;
  const data = useLoad(async () => {
    const [post, reviews, diff] = await Promise.all([publishingApi.post(w, postId), publishingApi.reviews(w, postId), publishingApi.diff(w, postId).catch(() => null)]);
    return { post, reviews: reviews.reviews, diff };
  }, [w, postId]);
  const [comment, setComment] = useState('');
  const [review, setReview] = useState({ reviewNumber: '', validFrom: '', validUntil: '' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    setNotice(null);
    try {
      await fn();
      setComment('');
      setNotice(t('pub.approvals.done'));
      data.reload();
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  };
  if (data.error) return <p className="alert alert-error">{errorText(data.error)}</p>;
  if (!data.data) return <p role="status">{t('common.loading')}</p>;
  const { post, reviews, diff } = data.data;
  const step = post.chain[post.step];
  const late = post.status === 'in_review' && post.approvalDueAt && Date.parse(post.approvalDueAt) < Date.now();
  return (
    <article className="card pub-review" data-testid="pub-review">
      <h2>
        {post.title || post.masterText.slice(0, 40)} <StatusBadge status={post.status} />
      </h2>
      <p className="muted small">
        {t('pub.approvals.owner', { name: who(post.owner.label) })}
        {post.scheduledAt && <> · {t('pub.approvals.slot', { when: time.absolute(post.scheduledAt) })}</>}
        {post.approvalDueAt && <> · {t('pub.approvals.due', { when: time.absolute(post.approvalDueAt) })}</>}
        {late && <span className="badge badge-danger">{t('pub.approvals.late')}</span>}
      </p>
      <ol className="pub-chain">
        {post.chain.map((s, i) => (
          <li key={`${s.name}-${i}`} className={i < post.step ? 'done' : i === post.step && post.status === 'in_review' ? 'current' : ''}>
            {t('pub.approvals.step', { n: i + 1, name: s.name })}
          </li>
        ))}
      </ol>
      {post.review?.stamp && (
        <p className="pub-stamp" data-testid="pub-stamp">
          {post.review.stamp}
        </p>
      )}
      {post.variants.map((v) => (
        <section key={v.id} className="pub-preview" data-variant={v.target}>
          <h3>
            {label(v.target)} · <span translate="no">{v.accountName ?? ''}</span> <StatusBadge status={v.status} />
          </h3>
          <pre className="pub-text">{v.finalText}</pre>
          {v.trackedLinks.length > 0 && (
            <div className="pub-tracked" data-testid="pub-tracked-links">
              <p className="muted">{t('pub.approvals.trackedLinks')}</p>
              <ul>
                {v.trackedLinks.map((l) => (
                  <li key={l.shortUrl}>
                    <code translate="no">{l.shortUrl}</code> → <span translate="no">{l.written}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <CheckLine check={v.check} />
        </section>
      ))}
      <section>
        <h3>{t('pub.approvals.diff')}</h3>
        {diff && diff.from > 0 ? <DiffView fields={diff.fields} /> : <p className="muted">{t('pub.approvals.noDiff')}</p>}
      </section>
      {post.status === 'in_review' && can('publishing.approve') && step?.compliance && (
        <div className="form-grid">
          <div className="field">
            <label htmlFor="pub-rn">{t('pub.approvals.reviewNumber')}</label>
            <input id="pub-rn" type="text" placeholder="2026-0123" value={review.reviewNumber} onChange={(e) => setReview({ ...review, reviewNumber: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="pub-vf">{t('pub.approvals.validFrom')}</label>
            <input id="pub-vf" type="date" value={review.validFrom} onChange={(e) => setReview({ ...review, validFrom: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="pub-vu">{t('pub.approvals.validUntil')}</label>
            <input id="pub-vu" type="date" value={review.validUntil} onChange={(e) => setReview({ ...review, validUntil: e.target.value })} />
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor="pub-comment">{t('pub.approvals.commentLabel')}</label>
        <textarea id="pub-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
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
      <div className="form-actions">
        {post.status === 'in_review' && can('publishing.approve') && (
          <>
            <button type="button" className="btn btn-primary" data-testid="pub-approve" onClick={() => act(() => publishingApi.approve(w, postId, { ...(comment ? { comment } : {}), ...(step?.compliance ? review : {}) }))}>
              {t('pub.approvals.approve')}
            </button>
            <button type="button" className="btn" data-testid="pub-request-changes" onClick={() => act(() => publishingApi.requestChanges(w, postId, comment))}>
              {t('pub.approvals.requestChanges')}
            </button>
          </>
        )}
        <button type="button" className="btn btn-ghost" disabled={!comment.trim()} onClick={() => act(() => publishingApi.comment(w, postId, comment))}>
          {t('pub.approvals.comment')}
        </button>
      </div>
      <section>
        <h3>{t('pub.approvals.history')}</h3>
        <ul className="plain-list small">
          {reviews.map((r: ReviewView) => (
            <li key={r.id}>
              {time.absolute(r.at)} · {who(r.user)} · {tMaybe(`pub.review.${r.action}`) ?? r.action}
              {r.stepName ? ` (${r.stepName})` : ''}
              {r.comment ? `: ${r.comment}` : ''}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

function DiffView({ fields }: { fields: DiffField[] }) {
  const { tMaybe } = useI18n();
  const label = useTargetLabel();
  const changed = fields.filter((f) => f.ops.some((o) => o.op !== 'same'));
  return (
    <dl className="pub-diff" data-testid="pub-diff">
      {changed.map((f) => (
        <div key={f.field}>
          <dt>{f.field.startsWith('variant:') ? label(f.field.slice(8)) : (tMaybe(`pub.field.${f.field}`) ?? f.field)}</dt>
          <dd>{f.ops.map((o, i) => (o.op === 'same' ? <span key={i}>{o.text}</span> : o.op === 'add' ? <ins key={i}>{o.text}</ins> : <del key={i}>{o.text}</del>))}</dd>
        </div>
      ))}
    </dl>
  );
}
export type { PostView };
