import { useState } from 'react';
import { DialogForm } from '../../../components/DialogForm.js';
import { useRequest } from '../../../components/RequestStatus.js';
import { useI18n } from '../../../i18n/index.js';
import { useWorkspace } from '../../../workspace.js';
import type { MonitoringQuery } from '../dashboards/dashboardsApi.js';
import { dayKey, notifyApi, splitAddresses, type Report } from './notifyApi.js';

const DAYS = [1, 2, 3, 4, 5, 6, 0];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Create or edit a weekly report: name, recipients, day and hour (Seoul), queries, on/off. */
export function ReportForm({ initial, queries, onClose, onSaved }: { initial?: Report; queries: MonitoringQuery[]; onClose(): void; onSaved(r: Report): void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const [name, setName] = useState(initial?.name ?? '');
  const [recipients, setRecipients] = useState((initial?.recipients ?? []).join(', '));
  const [weekday, setWeekday] = useState(initial?.weekday ?? 1);
  const [hour, setHour] = useState(initial?.hour ?? 9);
  const [queryIds, setQueryIds] = useState<string[]>(initial?.queryIds ?? []);
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const { busy, error, run } = useRequest();

  const submit = () => {
    const body = { name: name.trim(), recipients: splitAddresses(recipients), weekday, hour, queryIds, enabled };
    run(initial ? notifyApi.updateReport(workspace.id, initial.id, body) : notifyApi.createReport(workspace.id, body), (r) => onSaved(r.report));
  };
  const toggle = (id: string, on: boolean) => setQueryIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  return (
    <DialogForm title={initial ? t('ln.r.edit') : t('ln.r.new')} className="ln-form" busy={busy} error={error} submitLabel={t('ln.r.save')} submitTestId="save-report" onSubmit={submit} onClose={onClose}>
      <div className="field">
        <label htmlFor="r-name">{t('ln.r.name')}</label>
        <input id="r-name" type="text" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="r-recipients">{t('ln.r.recipients')}</label>
        <textarea id="r-recipients" required rows={2} value={recipients} onChange={(e) => setRecipients(e.target.value)} />
      </div>
      <div className="ln-row">
        <div className="field">
          <label htmlFor="r-day">{t('ln.r.weekday')}</label>
          <select id="r-day" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {t(dayKey(d))}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-hour">{t('ln.r.hour')}</label>
          <select id="r-hour" value={hour} onChange={(e) => setHour(Number(e.target.value))}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {t('ln.r.hourOption', { h })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {queries.length > 0 && (
        <fieldset className="ld-fieldset">
          <legend>{t('ln.r.queries')}</legend>
          <div className="ln-checks">
            {queries.map((q) => (
              <label key={q.id} className="check-label">
                <input type="checkbox" checked={queryIds.includes(q.id)} onChange={(e) => toggle(q.id, e.target.checked)} /> {q.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label className="check-label">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('ln.r.enabled')}
      </label>
    </DialogForm>
  );
}
