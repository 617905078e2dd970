import { useState } from 'react';
import { request, ws as wsPath } from '../../../api.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import type { CannedProposalView } from '../../../../../src/contracts/inbox.js';

const api = {
  list: (w: string) => request<{ proposals: CannedProposalView[] }>('GET', `${wsPath(w)}/inbox/canned-proposals?status=pending`),
  approve: (w: string, id: string, body: { name: string; text: string }) => request<{ proposal: CannedProposalView }>('POST', `${wsPath(w)}/inbox/canned-proposals/${id}/approve`, body),
  reject: (w: string, id: string, note: string) => request<{ proposal: CannedProposalView }>('POST', `${wsPath(w)}/inbox/canned-proposals/${id}/reject`, { note }),
};

/** Replies proposed from the microblog, waiting for compliance: approve (name and text may be edited) or reject with a note. */
export function CannedProposals({ onApproved }: { onApproved(): void }) {
  const { t, errorText, formatDateTime } = useI18n();
  const ws = useWorkspace();
  const list = useLoad(() => api.list(ws.workspace.id), [ws.workspace.id]);
  const [edits, setEdits] = useState<Record<string, { name: string; text: string; note: string }>>({});
  const [msg, setMsg] = useState<string | null>(null);
  const decider = ws.can('screening.manage');
  const pending = list.data?.proposals ?? [];
  if (!list.data || (pending.length === 0 && !msg)) return null;
  const edit = (p: CannedProposalView) => edits[p.id] ?? { name: p.name, text: p.text, note: '' };
  const set = (p: CannedProposalView, patch: Partial<{ name: string; text: string; note: string }>) => setEdits({ ...edits, [p.id]: { ...edit(p), ...patch } });
  const done = (text: string) => {
    setMsg(text);
    list.reload();
  };
  return (
    <section className="card" data-testid="canned-proposals" aria-labelledby="canned-proposals-title">
      <h2 id="canned-proposals-title">{t('inboxSettings.proposals.title', { n: pending.length })}</h2>
      <p className="muted small">{decider ? t('inboxSettings.proposals.helpDecider') : t('inboxSettings.proposals.help')}</p>
      {msg && <p role="status">{msg}</p>}
      {pending.map((p) => (
        <article key={p.id} className="form" data-testid="canned-proposal">
          <p className="small muted">{t('inboxSettings.proposals.from', { author: p.source.label, by: p.proposedBy, at: formatDateTime(p.proposedAt) })}</p>
          {decider ? (
            <>
              <label>
                {t('inboxSettings.canned.name')}
                <input value={edit(p).name} onChange={(e) => set(p, { name: e.target.value })} maxLength={200} />
              </label>
              <label>
                {t('inboxSettings.canned.text')}
                <textarea value={edit(p).text} onChange={(e) => set(p, { text: e.target.value })} rows={4} maxLength={5000} />
              </label>
              <label>
                {t('inboxSettings.proposals.note')}
                <input value={edit(p).note} onChange={(e) => set(p, { note: e.target.value })} maxLength={500} />
              </label>
              <div className="form-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() =>
                    void api.approve(ws.workspace.id, p.id, { name: edit(p).name, text: edit(p).text }).then(
                      () => (done(t('inboxSettings.proposals.approved', { name: edit(p).name })), onApproved()),
                      (e: unknown) => setMsg(errorText(e)),
                    )
                  }
                >
                  {t('inboxSettings.proposals.approve')}
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() =>
                    void api.reject(ws.workspace.id, p.id, edit(p).note).then(
                      () => done(t('inboxSettings.proposals.rejected')),
                      (e: unknown) => setMsg(errorText(e)),
                    )
                  }
                >
                  {t('inboxSettings.proposals.reject')}
                </button>
              </div>
            </>
          ) : (
            <p>
              <strong>{p.name}</strong> — <span translate="no">{p.text}</span>
            </p>
          )}
        </article>
      ))}
    </section>
  );
}
