import { useState } from 'react';
import { api, ApiError, type Member, type Role } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { SecretBox } from '../../components/SecretBox.js';
import { FormCard } from '../../components/settings/index.js';
import { useWorkspace } from '../../workspace.js';
import { RoleSelect } from './RoleSelect.js';

interface Created {
  email: string;
  initialPassword?: string;
  invited?: boolean;
}

export function CreateUserForm({ id, onCreated, onCancel }: { id: string; onCreated(user: Member): void; onCancel(): void }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [created, setCreated] = useState<Created | null>(null);

  const submit = () => {
    setBusy(true);
    setError(null);
    setCreated(null);
    api
      .createUser(workspace.id, { email: email.trim(), name: name.trim(), role, ...(password ? { password } : {}) })
      .then((r) => {
        if ('invitation' in r) setCreated({ email: r.invitation.email, invited: true });
        else {
          onCreated(r.user);
          setCreated({ email: r.user.email, initialPassword: r.initialPassword });
        }
        setEmail('');
        setName('');
        setPassword('');
        setRole('agent');
      })
      .catch((err: unknown) => {
        const field = err instanceof ApiError ? (err.code === 'user.exists' ? 'email' : err.field) : undefined;
        setError({ text: errorText(err), field });
      })
      .finally(() => setBusy(false));
  };

  const invalid = (f: string) => (error?.field === f ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {});

  return (
    <>
      {created && (
        <div role="status">
          <p className="alert alert-success">{created.invited ? t('users.invited', { email: created.email }) : t('users.created', { email: created.email })}</p>
          {created.initialPassword && <SecretBox title={t('users.initialPassword')} note={t('users.initialPasswordNote')} value={created.initialPassword} onDismiss={() => setCreated(null)} />}
        </div>
      )}
      <FormCard id={id} label={t('users.add')} error={error?.text ?? null} errorId={`${id}-error`} busy={busy} submitLabel={t('users.submit')} onSubmit={submit} onCancel={onCancel}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('users.email')}</label>
            <input id={`${id}-email`} type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} {...invalid('email')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('users.name')}</label>
            <input id={`${id}-name`} type="text" required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} {...invalid('name')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('users.role')}</label>
            <RoleSelect id={`${id}-role`} value={role} onChange={setRole} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>
              {t('users.password')} <span className="muted">({t('common.optional')})</span>
            </label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={`${id}-password-hint`}
              {...(error?.field === 'password' ? { 'aria-invalid': true } : {})}
            />
            <p className="hint" id={`${id}-password-hint`}>
              {t('users.passwordHint')}
            </p>
          </div>
        </div>
      </FormCard>
    </>
  );
}
