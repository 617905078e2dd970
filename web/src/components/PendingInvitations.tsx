import { useEffect, useState } from 'react';
import { api, type Invitation } from '../api.js';
import { useI18n } from '../i18n/index.js';

/** Invitations to other workspaces, shown after login: the person accepts or declines each one. */
export function PendingInvitations({ onJoined }: { onJoined(): void }) {
  const { t, errorText } = useI18n();
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    api.invitations().then(
      (r) => setInvitations(r.invitations),
      () => setInvitations([]),
    );
  }, []);

  if (invitations.length === 0) return null;
  const decide = (inv: Invitation, accept: boolean) => {
    setBusy(inv.id);
    setError(null);
    (accept ? api.acceptInvitation(inv.id) : api.declineInvitation(inv.id))
      .then(() => {
        setInvitations((list) => list.filter((i) => i.id !== inv.id));
        if (accept) onJoined();
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(null));
  };
  return (
    <section className="card invitations" aria-label={t('invitations.title')} data-testid="invitations">
      <h2>{t('invitations.title')}</h2>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <ul className="plain">
        {invitations.map((inv) => (
          <li key={inv.id}>
            <span>{t('invitations.item', { workspace: inv.workspace.name, role: t(`role.${inv.role}`) })}</span>{' '}
            <button type="button" className="btn btn-primary" disabled={busy === inv.id} onClick={() => decide(inv, true)}>
              {t('invitations.accept')}
            </button>{' '}
            <button type="button" className="btn" disabled={busy === inv.id} onClick={() => decide(inv, false)}>
              {t('invitations.decline')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
