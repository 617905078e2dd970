import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { Dialog } from '../../../components/Dialog.js';
import { ErrorAlert, RequestNotes, useRequest } from '../../../components/RequestStatus.js';
import { useI18n } from '../../../i18n/index.js';
import { useTimeFormat } from '../../../time.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { dashboardsApi } from '../dashboards/dashboardsApi.js';
import { ReportForm } from './ReportForm.js';
import { dayKey, notifyApi, type Report, type ReportPreview } from './notifyApi.js';
import './settings.css';

function ReportRow({ r, manage, onEdit, onDelete, onSent }: { r: Report; manage: boolean; onEdit(): void; onDelete(): void; onSent(r: Report): void }) {
  const { t } = useI18n();
  const time = useTimeFormat();
  const { workspace } = useWorkspace();
  const { busy, note, setNote, error, run } = useRequest();
  const [preview, setPreview] = useState<ReportPreview>();
  const send = () =>
    run(notifyApi.sendReport(workspace.id, r.id), (v) => {
      setNote(t('ln.r.sent', { to: v.recipients.join(', ') }));
      onSent({ ...r, lastSentAt: new Date().toISOString(), lastError: null });
    });
  return (
    <li className="ln-report" data-testid="report">
      <div className="ln-channel-head">
        <strong>{r.name}</strong>
        <span className={`badge ${r.enabled ? 'badge-ok' : ''}`}>{r.enabled ? t('ln.r.on') : t('ln.r.off')}</span>
        <span className="small">{t('ln.r.schedule', { day: t(dayKey(r.weekday)), hour: r.hour })}</span>
      </div>
      <p className="small muted break">{r.recipients.join(', ')}</p>
      <p className="small muted">
        {r.enabled ? `${t('ln.r.next', { when: time.absolute(r.nextRunAt) })} · ` : ''}
        {r.lastSentAt ? t('ln.r.last', { when: time.absolute(r.lastSentAt) }) : t('ln.r.never')}
      </p>
      {r.lastError && <p className="small alert alert-error">{t('ln.r.lastError', { error: r.lastError })}</p>}
      <div className="ld-actions">
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => run(notifyApi.previewReport(workspace.id, r.id), (v) => setPreview(v.preview))} data-testid="report-preview">
          {t('ln.r.preview')}
        </button>
        {manage && (
          <>
            <button type="button" className="btn btn-small" disabled={busy} onClick={send} data-testid="report-send">
              {t('ln.r.sendNow')}
            </button>
            <button type="button" className="btn btn-small" onClick={onEdit}>
              {t('ln.r.edit')}
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={onDelete}>
              {t('ln.r.delete')}
            </button>
          </>
        )}
      </div>
      <RequestNotes note={note} error={error} small />
      {preview && (
        <Dialog title={t('ln.r.previewTitle')} onClose={() => setPreview(undefined)}>
          <div className="dialog-body" data-testid="report-preview-dialog">
            <p>
              <strong>{preview.subject}</strong>
            </p>
            <p className="small muted">
              {t('ln.r.period', { from: preview.from.slice(0, 10), to: preview.to.slice(0, 10) })}
              {preview.attachments.length ? ` · ${t('ln.r.attachments', { files: preview.attachments.join(', ') })}` : ''}
            </p>
            {/* The mail's HTML in a sandbox: no scripts, no same-origin access. */}
            <iframe className="ln-preview" title={t('ln.r.previewTitle')} sandbox="" srcDoc={preview.html} />
          </div>
        </Dialog>
      )}
    </li>
  );
}

/** `#/listening/reports`: scheduled weekly report e-mails, with preview and send-now. */
export function ReportsTab() {
  const { t } = useI18n();
  const { workspace, can } = useWorkspace();
  const manage = can('listening.manage');
  const list = useLoad(() => notifyApi.reports(workspace.id).then((r) => r.reports), [workspace.id]);
  const queries = useLoad(() => dashboardsApi.queries(workspace.id).then((r) => r.queries), [workspace.id]);
  const [editing, setEditing] = useState<Report | 'new'>();
  const [removing, setRemoving] = useState<Report>();
  const { busy, error, track } = useRequest();
  const replace = (r: Report) => list.setData((old) => (old?.some((x) => x.id === r.id) ? old.map((x) => (x.id === r.id ? r : x)) : [...(old ?? []), r]));
  const remove = (r: Report) =>
    track(notifyApi.deleteReport(workspace.id, r.id), () => {
      list.setData((old) => old?.filter((x) => x.id !== r.id));
      setRemoving(undefined);
    });
  return (
    <section className="card ln-card" aria-labelledby="reports-title">
      <div className="ln-card-head">
        <h2 id="reports-title">{t('ld.tab.reports')}</h2>
        {manage && (
          <button type="button" className="btn btn-small btn-primary" onClick={() => setEditing('new')} data-testid="new-report">
            {t('ln.r.new')}
          </button>
        )}
      </div>
      <ErrorAlert error={list.error ?? error} />
      {list.data && list.data.length === 0 && <p className="empty">{t('ln.r.empty')}</p>}
      <ul className="ln-reports" data-testid="report-list">
        {(list.data ?? []).map((r) => (
          <ReportRow key={r.id} r={r} manage={manage} onEdit={() => setEditing(r)} onDelete={() => setRemoving(r)} onSent={replace} />
        ))}
      </ul>
      {editing && (
        <ReportForm
          initial={editing === 'new' ? undefined : editing}
          queries={queries.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={(r) => {
            replace(r);
            setEditing(undefined);
          }}
        />
      )}
      {removing && <ConfirmDialog title={t('ln.r.deleteTitle')} body={t('ln.r.deleteBody', { name: removing.name })} confirm={t('ln.r.delete')} busy={busy} onConfirm={() => remove(removing)} onClose={() => setRemoving(undefined)} />}
    </section>
  );
}
