import { useState } from 'react';
import { request, ws as wsPath } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';

/** "답변 템플릿으로 제안": an agent proposes a post as an inbox canned reply; compliance approves it in the inbox settings. */
export function ProposeCanned({ postId }: { postId: string }) {
  const { t, errorText } = useI18n();
  const ws = useWorkspace();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  if (!ws.can('inbox.reply')) return null;
  const send = () =>
    request('POST', `${wsPath(ws.workspace.id)}/microblog/posts/${encodeURIComponent(postId)}/propose-canned`, { name: name.trim() }).then(
      () => {
        setOpen(false);
        setMsg({ ok: true, text: t('mb.propose.sent') });
      },
      (e: unknown) => setMsg({ ok: false, text: errorText(e) }),
    );
  return (
    <>
      {!open && (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => (setOpen(true), setMsg(null))}>
          {t('mb.propose.open')}
        </button>
      )}
      {open && (
        <form className="mb-propose" onSubmit={(e) => (e.preventDefault(), void send())}>
          <label className="small">
            {t('mb.propose.name')} <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
          </label>
          <button type="submit" className="btn btn-small btn-primary" disabled={!name.trim()}>
            {t('mb.propose.submit')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      {msg && (
        <span role="status" className={msg.ok ? 'small' : 'small alert-error'}>
          {msg.text}
        </span>
      )}
    </>
  );
}
