import { useState } from 'react';
import { api, SCOPES, type ApiToken, type Scope } from '../../api.js';
import { SecretBox } from '../../components/SecretBox.js';
import { ConfirmDialog, DataTable, FormCard, LoadState, Notice, SettingsPanel } from '../../components/settings/index.js';
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
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const toggleScope = (s: Scope) => setScopes((old) => (old.includes(s) ? old.filter((x) => x !== s) : SCOPES.filter((x) => x === s || old.includes(x))));

  const submit = () => {
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
    setActionError(null);
    setBusy(true);
    api
      .revokeToken(workspace.id, token.id)
      .then(() => {
        tokens.setData((list) => list?.filter((x) => x.id !== token.id));
        setSecret((s) => (s?.id === token.id ? null : s));
      })
      .catch((err: unknown) => setActionError(errorText(err)))
      .finally(() => {
        setBusy(false);
        setRevoking(null);
      });
  };

  return (
    <SettingsPanel
      title={t('tokens.title')}
      intro={t('tokens.intro')}
      actions={
        <button type="button" className="btn btn-primary" aria-expanded={showForm} aria-controls="create-token" onClick={() => setShowForm((s) => !s)}>
          {t('tokens.add')}
        </button>
      }
    >
      {secret && <SecretBox title={t('tokens.secretTitle', { name: secret.name })} note={t('tokens.secretNote')} value={secret.value} onDismiss={() => setSecret(null)} />}

      {showForm && (
        <FormCard id="create-token" label={t('tokens.add')} error={formError} busy={busy} submitLabel={t('tokens.submit')} onSubmit={submit} onCancel={() => setShowForm(false)}>
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
        </FormCard>
      )}

      <Notice kind="error">{actionError}</Notice>

      <LoadState load={tokens} empty={t('tokens.empty')}>
        {(list) => (
          <DataTable
            rows={list}
            rowKey={(tok) => tok.id}
            label={t('tokens.list')}
            testId="tokens-table"
            columns={[
              {
                label: t('tokens.name'),
                cell: (tok) => (
                  <>
                    <strong id={`token-${tok.id}-name`}>{tok.name}</strong>
                    {creator(tok) && <span className="muted small block">{`${t('tokens.createdBy')}: ${creator(tok)}`}</span>}
                  </>
                ),
              },
              { label: t('tokens.prefix'), cell: (tok) => <code>{tok.prefix}…</code> },
              {
                label: t('tokens.scopes'),
                cell: (tok) =>
                  tok.scopes.map((s) => (
                    <span key={s} className="badge">
                      {t(`scope.${s}`)}
                    </span>
                  )),
              },
              { label: t('tokens.createdAt'), cell: (tok) => formatDate(tok.createdAt) },
              { label: t('tokens.lastUsed'), cell: (tok) => (tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : t('tokens.neverUsed')) },
              { label: t('tokens.expiresAt'), cell: (tok) => (tok.expiresAt ? formatDate(tok.expiresAt) : t('tokens.noExpiry')) },
              {
                label: t('common.actions'),
                className: 'row-actions',
                cell: (tok) => (
                  <button type="button" className="btn btn-small btn-danger" aria-describedby={`token-${tok.id}-name`} onClick={() => setRevoking(tok)}>
                    {t('tokens.revoke')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </LoadState>

      {revoking && (
        <ConfirmDialog title={t('tokens.revokeTitle')} body={t('tokens.revokeConfirm', { name: revoking.name })} confirm={t('tokens.revoke')} danger busy={busy} onConfirm={() => revoke(revoking)} onClose={() => setRevoking(null)} />
      )}
    </SettingsPanel>
  );
}
