import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { RequestNotes, useRequest } from '../../../components/RequestStatus.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { notifyApi, splitAddresses, type Smtp, type SmtpInput } from './notifyApi.js';

const EMPTY: SmtpInput = { host: '', port: 587, secure: false, user: '', password: '', from: '', rejectUnauthorized: true };
const formOf = (s: Smtp | null | undefined): SmtpInput => (s ? { host: s.host, port: s.port, secure: s.secure, user: s.user ?? '', password: '', from: s.from, rejectUnauthorized: s.rejectUnauthorized } : EMPTY);

/** The workspace's SMTP server: edit (password write-only), remove, and send a test e-mail. */
export function SmtpCard() {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const smtp = useLoad(() => notifyApi.smtp(workspace.id).then((r) => r.smtp), [workspace.id]);
  const [form, setForm] = useState<SmtpInput>(EMPTY);
  const [testTo, setTestTo] = useState('');
  const { busy, note, error, run } = useRequest();
  const [confirm, setConfirm] = useState(false);
  useEffect(() => setForm(formOf(smtp.data)), [smtp.data]);

  const set = <K extends keyof SmtpInput>(k: K, v: SmtpInput[K]) => setForm((f) => ({ ...f, [k]: v }));
  const save = () => {
    const body: SmtpInput = { ...form, user: form.user?.trim() || undefined, password: form.password ? form.password : undefined };
    run(
      notifyApi.putSmtp(workspace.id, body).then((r) => smtp.setData(() => r.smtp)),
      t('ln.smtp.saved'),
    );
  };
  const test = () => {
    const to = splitAddresses(testTo);
    run(notifyApi.testSmtp(workspace.id, to), t('ln.smtp.testSent', { to: to.join(', ') }));
  };
  const remove = () =>
    run(
      notifyApi.deleteSmtp(workspace.id).then(() => {
        smtp.setData(() => null);
        setConfirm(false);
      }),
    );

  return (
    <section className="card ln-card" aria-labelledby="smtp-title" data-testid="smtp-card">
      <h2 id="smtp-title">{t('ln.smtp.title')}</h2>
      <p className="muted small">{t('ln.smtp.help')}</p>
      {smtp.data === null && <p className="alert alert-info">{t('ln.smtp.notSet')}</p>}
      <form
        className="ln-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="ln-row">
          <div className="field grow">
            <label htmlFor="smtp-host">{t('ln.smtp.host')}</label>
            <input id="smtp-host" type="text" required maxLength={255} value={form.host} onChange={(e) => set('host', e.target.value)} />
          </div>
          <div className="field narrow">
            <label htmlFor="smtp-port">{t('ln.smtp.port')}</label>
            <input id="smtp-port" type="number" required min={1} max={65535} value={form.port} onChange={(e) => set('port', Number(e.target.value))} />
          </div>
        </div>
        <div className="ln-row">
          <div className="field grow">
            <label htmlFor="smtp-user">{t('ln.smtp.user')}</label>
            <input id="smtp-user" type="text" maxLength={255} autoComplete="off" value={form.user ?? ''} onChange={(e) => set('user', e.target.value)} />
          </div>
          <div className="field grow">
            <label htmlFor="smtp-password">{t('ln.smtp.password')}</label>
            <input
              id="smtp-password"
              type="password"
              maxLength={500}
              autoComplete="new-password"
              value={form.password ?? ''}
              onChange={(e) => set('password', e.target.value)}
              aria-describedby={smtp.data?.passwordSet ? 'smtp-pw-help' : undefined}
            />
            {smtp.data?.passwordSet && (
              <p className="muted small" id="smtp-pw-help">
                {t('ln.smtp.passwordKeep')}
              </p>
            )}
          </div>
        </div>
        <div className="field">
          <label htmlFor="smtp-from">{t('ln.smtp.from')}</label>
          <input id="smtp-from" type="text" required maxLength={320} placeholder={t('ln.smtp.fromHelp')} value={form.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <label className="check-label">
          <input type="checkbox" checked={form.secure} onChange={(e) => set('secure', e.target.checked)} /> {t('ln.smtp.secure')}
        </label>
        <label className="check-label">
          <input type="checkbox" checked={form.rejectUnauthorized} onChange={(e) => set('rejectUnauthorized', e.target.checked)} /> {t('ln.smtp.rejectUnauthorized')}
        </label>
        <div className="form-actions">
          {smtp.data && (
            <button type="button" className="btn btn-danger" onClick={() => setConfirm(true)}>
              {t('ln.smtp.remove')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="smtp-save">
            {t('ln.smtp.save')}
          </button>
        </div>
      </form>
      {smtp.data && (
        <form
          className="ln-row ln-test"
          onSubmit={(e) => {
            e.preventDefault();
            test();
          }}
        >
          <div className="field grow">
            <label htmlFor="smtp-test-to">{t('ln.smtp.testTo')}</label>
            <input id="smtp-test-to" type="text" required value={testTo} onChange={(e) => setTestTo(e.target.value)} />
          </div>
          <button type="submit" className="btn" disabled={busy} data-testid="smtp-test">
            {t('ln.smtp.test')}
          </button>
        </form>
      )}
      <RequestNotes note={note} error={smtp.error ?? error} />
      {confirm && <ConfirmDialog title={t('ln.smtp.removeTitle')} body={t('ln.smtp.removeBody')} confirm={t('ln.smtp.remove')} busy={busy} onConfirm={remove} onClose={() => setConfirm(false)} />}
    </section>
  );
}
