import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { ErrorAlert, RequestNotes, useRequest } from '../../../components/RequestStatus.js';
import { SecretBox } from '../../../components/SecretBox.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { notifyApi, splitAddresses, WEBHOOK_FORMATS, type NotifyChannel, type WebhookFormat } from './notifyApi.js';

interface Draft {
  kind: 'email' | 'webhook';
  name: string;
  recipients: string;
  url: string;
  format: WebhookFormat;
}
const EMPTY: Draft = { kind: 'email', name: '', recipients: '', url: '', format: 'sotong' };

function ChannelRow({ c, onChange, onDelete }: { c: NotifyChannel; onChange(c: NotifyChannel): void; onDelete(): void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const { busy, note, error, run } = useRequest();
  return (
    <li className="ln-channel" data-testid="notify-channel" data-kind={c.kind}>
      <div className="ln-channel-head">
        <span className="badge badge-muted">{t(`ln.ch.kind.${c.kind}`)}</span>
        <strong>{c.name}</strong>
        <span className={`badge ${c.enabled ? 'badge-ok' : ''}`}>{c.enabled ? t('ln.ch.on') : t('ln.ch.off')}</span>
      </div>
      <p className="small muted break">{c.kind === 'email' ? (c.recipients ?? []).join(', ') : `${c.url ?? ''} · ${t(`ln.ch.format.${c.format ?? 'sotong'}`)}`}</p>
      <div className="ld-actions">
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => run(notifyApi.testChannel(workspace.id, c.id), t('ln.ch.testSent', { name: c.name }))} data-testid="channel-test">
          {t('ln.ch.test')}
        </button>
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => run(notifyApi.updateChannel(workspace.id, c.id, { enabled: !c.enabled }).then((r) => onChange(r.channel)))}>
          {c.enabled ? t('ln.ch.disable') : t('ln.ch.enable')}
        </button>
        <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={onDelete}>
          {t('ln.ch.delete')}
        </button>
      </div>
      <RequestNotes note={note} error={error} small />
    </li>
  );
}

/** Alert channels: e-mail recipient lists and signed webhooks (secret shown once), with a test button each. */
export function ChannelsCard() {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const list = useLoad(() => notifyApi.channels(workspace.id).then((r) => r.channels), [workspace.id]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [secret, setSecret] = useState<string>();
  const { busy, error, run, track } = useRequest();
  const [removing, setRemoving] = useState<NotifyChannel>();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => (d ? { ...d, [k]: v } : d));

  const create = (d: Draft) => {
    const body = d.kind === 'email' ? { kind: d.kind, name: d.name.trim(), recipients: splitAddresses(d.recipients) } : { kind: d.kind, name: d.name.trim(), url: d.url.trim(), format: d.format };
    run(notifyApi.createChannel(workspace.id, body), (r) => {
      list.setData((old) => [...(old ?? []), r.channel]);
      setSecret(r.secret);
      setDraft(null);
    });
  };
  // Not a fresh attempt: an error shown from before stays until the next create.
  const remove = (c: NotifyChannel) =>
    track(notifyApi.deleteChannel(workspace.id, c.id), () => {
      list.setData((old) => old?.filter((x) => x.id !== c.id));
      setRemoving(undefined);
    });

  return (
    <section className="card ln-card" aria-labelledby="channels-title" data-testid="channels-card">
      <div className="ln-card-head">
        <h2 id="channels-title">{t('ln.ch.title')}</h2>
        {!draft && (
          <button type="button" className="btn btn-small btn-primary" onClick={() => setDraft(EMPTY)} data-testid="add-channel">
            {t('ln.ch.add')}
          </button>
        )}
      </div>
      <p className="muted small">{t('ln.ch.help')}</p>
      {secret && <SecretBox title={t('ln.ch.secretTitle')} note={t('ln.ch.secretNote')} value={secret} onDismiss={() => setSecret(undefined)} />}
      {draft && (
        <form
          className="ln-form ln-draft"
          onSubmit={(e) => {
            e.preventDefault();
            create(draft);
          }}
        >
          <div className="ln-row">
            <div className="field">
              <label htmlFor="ch-kind">{t('ln.ch.kind')}</label>
              <select id="ch-kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
                <option value="email">{t('ln.ch.kind.email')}</option>
                <option value="webhook">{t('ln.ch.kind.webhook')}</option>
              </select>
            </div>
            <div className="field grow">
              <label htmlFor="ch-name">{t('ln.ch.name')}</label>
              <input id="ch-name" type="text" required maxLength={120} value={draft.name} onChange={(e) => set('name', e.target.value)} />
            </div>
          </div>
          {draft.kind === 'email' ? (
            <div className="field">
              <label htmlFor="ch-recipients">{t('ln.ch.recipients')}</label>
              <textarea id="ch-recipients" required rows={2} value={draft.recipients} onChange={(e) => set('recipients', e.target.value)} />
            </div>
          ) : (
            <div className="ln-row">
              <div className="field grow">
                <label htmlFor="ch-url">{t('ln.ch.url')}</label>
                <input id="ch-url" type="url" required maxLength={2000} placeholder="https://" value={draft.url} onChange={(e) => set('url', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="ch-format">{t('ln.ch.format')}</label>
                <select id="ch-format" value={draft.format} onChange={(e) => set('format', e.target.value as WebhookFormat)}>
                  {WEBHOOK_FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {t(`ln.ch.format.${f}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-channel">
              {t('ln.ch.create')}
            </button>
          </div>
        </form>
      )}
      <ErrorAlert error={list.error ?? error} />
      {list.data && list.data.length === 0 && !draft && <p className="empty">{t('ln.ch.empty')}</p>}
      <ul className="ln-channels" data-testid="channel-list">
        {(list.data ?? []).map((c) => (
          <ChannelRow key={c.id} c={c} onChange={(n) => list.setData((old) => old?.map((x) => (x.id === n.id ? n : x)))} onDelete={() => setRemoving(c)} />
        ))}
      </ul>
      {removing && <ConfirmDialog title={t('ln.ch.deleteTitle')} body={t('ln.ch.deleteBody', { name: removing.name })} confirm={t('ln.ch.delete')} busy={busy} onConfirm={() => remove(removing)} onClose={() => setRemoving(undefined)} />}
    </section>
  );
}
