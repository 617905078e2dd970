import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api.js';
import { channelLabel } from '../../channelLabel.js';
import { ChannelMark } from '../../components/ChannelMark.js';
import { useI18n } from '../../i18n/index.js';
import { listeningApi, type ChannelAccount, type ChannelType } from '../../listeningApi.js';
import { useWorkspace } from '../../workspace.js';
import { SchemaFields } from './SchemaFields.js';
import { checkAlternatives, collect, fieldsOf, initialValues, type FieldErrors, type Values } from './schemaForm.js';

const ID = 'connect';

/** Choose a channel type, then fill in name, settings and credentials from the channel's schemas. */
export function ConnectAccountForm({ channels, onConnected, onCancel }: { channels: ChannelType[]; onConnected(account: ChannelAccount): void; onCancel(): void }) {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const [type, setType] = useState('');
  const channel = channels.find((c) => c.type === type);
  const settingsFields = useMemo(() => fieldsOf(channel?.settingsSchema), [channel]);
  const credentialFields = useMemo(() => fieldsOf(channel?.credentialsSchema, true), [channel]);
  const [name, setName] = useState('');
  const [pollSeconds, setPollSeconds] = useState('');
  const [settings, setSettings] = useState<Values>({});
  const [credentials, setCredentials] = useState<Values>({});
  const [settingsErrors, setSettingsErrors] = useState<FieldErrors>({});
  const [credentialErrors, setCredentialErrors] = useState<FieldErrors>({});
  const [topErrors, setTopErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = (next: string) => {
    const c = channels.find((x) => x.type === next);
    setType(next);
    setSettings(initialValues(fieldsOf(c?.settingsSchema)));
    setCredentials(initialValues(fieldsOf(c?.credentialsSchema, true)));
    setSettingsErrors({});
    setCredentialErrors({});
    setTopErrors({});
    setError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!channel) return;
    const s = collect(settingsFields, settings);
    const sErrors = { ...checkAlternatives(channel.settingsSchema, s.value), ...s.errors };
    const c = collect(credentialFields, credentials);
    const top: Record<string, string> = {};
    if (!name.trim()) top.name = t('form.required');
    let pollIntervalMs: number | undefined;
    if (channel.poll && pollSeconds.trim()) {
      const n = Number(pollSeconds);
      if (!Number.isInteger(n) || n < 5 || n > 86_400) top.pollIntervalMs = t('channels.pollRange');
      else pollIntervalMs = n * 1000;
    }
    setSettingsErrors(sErrors);
    setCredentialErrors(c.errors);
    setTopErrors(top);
    const problems = Object.keys(sErrors).length + Object.keys(c.errors).length + Object.keys(top).length;
    if (problems > 0) {
      setError(t('channels.fixFields', { n: problems }));
      return;
    }
    setBusy(true);
    setError(null);
    listeningApi
      .connect(workspace.id, { type: channel.type, name: name.trim(), settings: s.value, credentials: c.value as Record<string, string>, ...(pollIntervalMs ? { pollIntervalMs } : {}) })
      .then((r) => onConnected(r.account))
      .catch((err: unknown) => {
        setError(errorText(err));
        // Put the server's complaint next to the field it names: `settings.replyUrl`, `credentials.x`, `name`.
        const field = err instanceof ApiError ? err.field : undefined;
        if (!field) return;
        const [head, key] = field.split('.');
        const text = err instanceof ApiError ? err.message : '';
        if (head === 'settings' && key) setSettingsErrors((x) => ({ ...x, [key]: { code: 'server', detail: text } }));
        else if (head === 'credentials' && key) setCredentialErrors((x) => ({ ...x, [key]: { code: 'server', detail: text } }));
        else if (head) setTopErrors((x) => ({ ...x, [head]: text }));
      })
      .finally(() => setBusy(false));
  };

  const invalid = (k: string) => (topErrors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${ID}-${k}-error` } : {});

  return (
    <form className="card form-card connect-form" id="connect-account" onSubmit={submit} aria-label={t('channels.connect')} noValidate>
      <fieldset className="channel-choice">
        <legend>{t('channels.chooseType')}</legend>
        <div className="channel-options">
          {channels.map((c) => (
            <label key={c.type} className={`channel-option ${c.type === type ? 'selected' : ''}`}>
              <input type="radio" name="channel-type" value={c.type} checked={c.type === type} onChange={() => choose(c.type)} />
              <ChannelMark type={c.type} />
              <span className="channel-option-text">
                <strong>{channelLabel(tMaybe, c.type, c.name)}</strong>
                {c.name !== channelLabel(tMaybe, c.type, c.name) && <span className="small muted">{c.name}</span>}
                <span className="small channel-caps">{[c.webhook && t('channels.cap.webhook'), c.poll && t('channels.cap.poll'), c.stream && t('channels.cap.stream')].filter(Boolean).join(' · ')}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {channel && (
        <>
          {error && (
            <p className="alert alert-error" role="alert" id={`${ID}-error`}>
              {error}
            </p>
          )}
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${ID}-name`}>{t('channels.accountName')}</label>
              <input id={`${ID}-name`} type="text" required maxLength={200} autoComplete="off" placeholder={t('channels.accountNamePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} {...invalid('name')} />
              {topErrors.name && (
                <p className="field-error" id={`${ID}-name-error`}>
                  {topErrors.name}
                </p>
              )}
            </div>
            {channel.poll && (
              <div className="field">
                <label htmlFor={`${ID}-pollIntervalMs`}>
                  {t('channels.pollInterval')} <span className="muted">({t('common.optional')})</span>
                </label>
                <input
                  id={`${ID}-pollIntervalMs`}
                  type="number"
                  min={5}
                  max={86400}
                  inputMode="numeric"
                  placeholder={t('form.defaultIs', { value: 60 })}
                  value={pollSeconds}
                  onChange={(e) => setPollSeconds(e.target.value)}
                  {...invalid('pollIntervalMs')}
                />
                {topErrors.pollIntervalMs && (
                  <p className="field-error" id={`${ID}-pollIntervalMs-error`}>
                    {topErrors.pollIntervalMs}
                  </p>
                )}
              </div>
            )}
          </div>
          <SchemaFields idPrefix={`${ID}-settings`} legend={t('channels.settings')} fields={settingsFields} values={settings} errors={settingsErrors} onChange={(k, v) => setSettings((x) => ({ ...x, [k]: v }))} />
          <SchemaFields idPrefix={`${ID}-credentials`} legend={t('channels.credentials')} fields={credentialFields} values={credentials} errors={credentialErrors} onChange={(k, v) => setCredentials((x) => ({ ...x, [k]: v }))} />
          {credentialFields.length > 0 && <p className="hint secret-note">{t('channels.credentialsNote')}</p>}
        </>
      )}

      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || !channel}>
          {busy ? t('common.saving') : t('channels.submit')}
        </button>
      </div>
    </form>
  );
}
