import { useId, useState } from 'react';
import { ApiError } from '../../api.js';
import { Dialog } from '../../components/Dialog.js';
import { useI18n } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { useWorkspace } from '../../workspace.js';
import { inboxApi, type Conversation } from './inboxApi.js';
import { customerName } from './people.js';

/**
 * A public complaint taken to private messages: a short public answer ("DM으로 안내드렸습니다") and the
 * actual help sent privately to the same customer; the two conversations are linked.
 */
export function MovePrivateDialog({ conv, onClose, onMoved }: { conv: Conversation; onClose(): void; onMoved(): void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const name = customerName(conv.customer);
  const [publicText, setPublicText] = useState(() => t('inbox.movePrivate.publicDefault', { name }));
  const [privateText, setPrivateText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const ids = useId();

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await inboxApi.movePrivate(workspace.id, conv.id, { publicText, privateText });
      onMoved();
      onClose();
      navigate(`/inbox/${r.privateConversation.id}`);
    } catch (err) {
      setError({ ...(err instanceof ApiError && err.field ? { field: err.field } : {}), text: err instanceof ApiError && err.code.startsWith('reply.') ? err.message : errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('inbox.movePrivate.title')} onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="small muted">{t('inbox.movePrivate.intro')}</p>
        <div className="field">
          <label htmlFor={`${ids}-pub`}>{t('inbox.movePrivate.publicText')}</label>
          <textarea id={`${ids}-pub`} rows={2} value={publicText} onChange={(e) => setPublicText(e.target.value)} required aria-invalid={error?.field === 'publicText' || undefined} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-priv`}>{t('inbox.movePrivate.privateText')}</label>
          <textarea id={`${ids}-priv`} rows={4} value={privateText} onChange={(e) => setPrivateText(e.target.value)} required aria-invalid={error?.field === 'privateText' || undefined} />
        </div>
        {error && (
          <p className="alert alert-error" role="alert">
            {error.field && <strong>{error.field === 'publicText' ? t('inbox.movePrivate.publicText') : error.field === 'privateText' ? t('inbox.movePrivate.privateText') : error.field}: </strong>}
            {error.text}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !publicText.trim() || !privateText.trim()}>
            {t('inbox.movePrivate.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
