import { useState, type FormEvent } from 'react';
import { api, SCOPES, type ApiToken, type Scope } from '../../api.js';
import { SecretBox } from '../../components/SecretBox.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useMembers } from '../../useMembers.js';
import { useWorkspace } from '../../workspace.js';

export function TokensPage() {
  const { t, errorText, formatDate, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const members = useMembers();
  const creator = (token: ApiToken): string | undefined => {
    const c = token.createdBy;
    if (!c) return undefined;
    if (typeof c !== 'string') return c.name || c.email || c.id;
    const m = members?.get(c);
    return m ? m.name || m.email : c;
  };
  const tokens = useLoad(() => api.tokens(workspace.id).then((r) => r.tokens), [workspace.id]);
  const [showForm, setShowForm] = useState(false);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ id: string; name: string; value: string } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const toggleScope = (s: Scope) => setScopes((old) => (old.includes(s) ? old.filter((x) => x !== s) : SCOPES.filter((x) => x === s || old.includes(x))));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (scopes.length === 0) return setFormError(t('tokens.scopeRequired'));
    setBusy(true);
    setFormError(null);
    const expiresInDays = days.trim() ? Number(days) : undefined;
    api
      .createToken(workspace.id, { name: name.trim(), scopes, ...(expiresInDays ? { expiresInDays } : {}) })
      .then((r) => {
        setSecret({ id: r.token.id, name: r.token.name, value: r.secret });
        tokens.setData((list) => [r.token, ...(list ?? []).filter((x) => x.id !== r.token.id)]);
        setName('');
        setDays('');
        setScopes(['read']);
        setShowForm(false);
      })
      .catch((err: unknown) => setFormError(errorText(err)))
      .finally(() => setBusy(false));
  };

  const revoke = (token: ApiToken) => {
    if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    setActionError(null);
    api
      .revokeToken(workspace.id, token.id)
      .then(() => {
        tokens.setData((list) => list?.filter((x) => x.id !== token.id));
        setSecret((s) => (s?.id === token.id ? null : s));
      })
      .catch((err: unknown) => setActionError(errorText(err)));
  };

  return (
    <div className="panel">
      <div className="panel-head with-action">
        <div>
          <h2>{t('tokens.title')}</h2>
          <p className="muted">{t('tokens.intro')}</p>
        </div>
        <button type="button" className="btn btn-primary" aria-expanded={showForm} aria-controls="create-token" onClick={() => setShowForm((s) => !s)}>
          {t('tokens.add')}
        </button>
      </div>

      {secret && <SecretBox title={t('tokens.secretTitle', { name: secret.name })} note={t('tokens.secretNote')} value={secret.value} onDismiss={() => setSecret(null)} />}

      {showForm && (
        <form className="card form-card" id="create-token" onSubmit={submit} aria-label={t('tokens.add')}>
          {formError && (
            <p className="alert alert-error" role="alert">
              {formError}
            </p>
          )}
          <div className="form-grid">
            <div className="field">
              <label htmlFor="token-name">{t('tokens.name')}</label>
              <input id="token-name" type="text" required maxLength={100} placeholder={t('tokens.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="token-days">
                {t('tokens.expires')} <span className="muted">({t('common.optional')})</span>
              </label>
              <input id="token-days" type="number" min={1} max={3650} inputMode="numeric" aria-describedby="token-days-hint" value={days} onChange={(e) => setDays(e.target.value)} />
              <p className="hint" id="token-days-hint">
                {t('tokens.expiresHint')}
              </p>
            </div>
            <fieldset className="field scopes">
              <legend>{t('tokens.scopes')}</legend>
              {SCOPES.map((s) => (
                <label key={s} className="check-label">
                  <input type="checkbox" checked={scopes.includes(s)} onChange={() => toggleScope(s)} />
                  <span>
                    {t(`scope.${s}`)} <code>{s}</code>
                  </span>
                </label>
              ))}
            </fieldset>
          </div>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setShowForm(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('common.saving') : t('tokens.submit')}
            </button>
          </div>
        </form>
      )}

      {actionError && (
        <p className="alert alert-error" role="alert">
          {actionError}
        </p>
      )}

      {tokens.loading && !tokens.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : tokens.error ? (
        <div className="alert alert-error" role="alert">
          {errorText(tokens.error)}{' '}
          <button type="button" className="btn btn-small" onClick={tokens.reload}>
            {t('common.retry')}
          </button>
        </div>
      ) : !tokens.data?.length ? (
        <p className="empty">{t('tokens.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table stack" aria-label={t('tokens.list')} data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.prefix')}</th>
                <th scope="col">{t('tokens.scopes')}</th>
                <th scope="col">{t('tokens.createdAt')}</th>
                <th scope="col">{t('tokens.lastUsed')}</th>
                <th scope="col">{t('tokens.expiresAt')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((tok) => (
                <tr key={tok.id}>
                  <td data-label={t('tokens.name')}>
                    <strong id={`token-${tok.id}-name`}>{tok.name}</strong>
                    {creator(tok) && <span className="muted small block">{`${t('tokens.createdBy')}: ${creator(tok)}`}</span>}
                  </td>
                  <td data-label={t('tokens.prefix')}>
                    <code>{tok.prefix}…</code>
                  </td>
                  <td data-label={t('tokens.scopes')}>
                    {tok.scopes.map((s) => (
                      <span key={s} className="badge">
                        {t(`scope.${s}`)}
                      </span>
                    ))}
                  </td>
                  <td data-label={t('tokens.createdAt')}>{formatDate(tok.createdAt)}</td>
                  <td data-label={t('tokens.lastUsed')}>{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : t('tokens.neverUsed')}</td>
                  <td data-label={t('tokens.expiresAt')}>{tok.expiresAt ? formatDate(tok.expiresAt) : t('tokens.noExpiry')}</td>
                  <td data-label={t('common.actions')} className="row-actions">
                    <button type="button" className="btn btn-small btn-danger" aria-describedby={`token-${tok.id}-name`} onClick={() => revoke(tok)}>
                      {t('tokens.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
