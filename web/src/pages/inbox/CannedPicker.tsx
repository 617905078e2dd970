import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { inboxApi, type CannedReply, type Rendered } from './inboxApi.js';

/**
 * Canned replies: search by name or text, pick one, and the server fills in its variables for this
 * conversation (customer name with the right josa, agent, team…). Variables it could not fill are named.
 */
export function CannedPicker({ conversationId, onInsert, available }: { conversationId: string; onInsert(r: Rendered): void; available: CannedReply[] | null }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const panel = useId();
  const search = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    search.current?.focus();
    const onDown = (e: MouseEvent) => !root.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  if (!available) return null;
  const needle = q.trim().toLowerCase();
  const shown = available.filter((c) => !needle || c.name.toLowerCase().includes(needle) || c.text.toLowerCase().includes(needle)).slice(0, 30);

  const pick = async (c: CannedReply) => {
    setBusy(c.id);
    setError(null);
    try {
      onInsert(await inboxApi.renderCanned(workspace.id, c.id, conversationId));
      setOpen(false);
      setQ('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="canned" ref={root}>
      <button type="button" className="btn btn-small" aria-expanded={open} aria-controls={panel} onClick={() => setOpen((o) => !o)} data-testid="canned-button">
        {t('inbox.canned.button')}
      </button>
      {open && (
        <div
          id={panel}
          className="canned-panel"
          role="dialog"
          aria-label={t('inbox.canned.title')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <input ref={search} type="search" aria-label={t('inbox.canned.search')} placeholder={t('inbox.canned.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          {error && (
            <p className="alert alert-error small" role="alert">
              {error}
            </p>
          )}
          {shown.length === 0 ? (
            <p className="muted small">{available.length === 0 ? t('inbox.canned.none') : t('inbox.canned.noMatch')}</p>
          ) : (
            <ul className="canned-list">
              {shown.map((c) => (
                <li key={c.id}>
                  <button type="button" disabled={busy !== null} onClick={() => void pick(c)}>
                    <strong>{c.name}</strong>
                    <span className="muted small">{c.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
