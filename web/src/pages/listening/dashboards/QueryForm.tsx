import { useEffect, useState } from 'react';
import { DialogForm } from '../../../components/DialogForm.js';
import { useI18n, type I18n } from '../../../i18n/index.js';
import { useWorkspace } from '../../../workspace.js';
import { AlertChannelsField } from '../settings/AlertChannelsField.js';
import { dashboardsApi, queryProblem, QUERY_KINDS, SENSITIVITIES, type Backfill, type MonitoringQuery, type QueryInput, type QueryProblem } from './dashboardsApi.js';

const DEFAULT_ALERT: QueryInput['alert'] = { enabled: true, sensitivity: 'medium', minVolume: 10, cooldownMinutes: 180, channelIds: [] };

/** The expression with the parser's complaint drawn under it: a caret at `position`, `~` over `length`. */
export function ProblemCaret({ expression, problem, id = 'q-expression-error' }: { expression: string; problem: QueryProblem; id?: string }) {
  const { t, tMaybe } = useI18n();
  const pos = problem.position === undefined ? undefined : Math.min(problem.position, expression.length);
  // Only the line with the error (an expression may span lines).
  const start = pos === undefined ? 0 : expression.lastIndexOf('\n', pos - 1) + 1;
  const end = pos === undefined ? -1 : expression.indexOf('\n', pos);
  return (
    <div className="ld-caret" role="alert" id={id} data-testid="query-error">
      {pos !== undefined && (
        <pre aria-hidden="true">
          {expression.slice(start, end === -1 ? undefined : end)}
          {'\n'}
          {/* The text before the error, invisible: the caret lines up whatever the glyph widths (Hangul is wide). */}
          <span className="ld-caret-pad">{expression.slice(start, pos)}</span>
          {'^' + '~'.repeat(Math.max(0, (problem.length ?? 1) - 1))}
        </pre>
      )}
      <span>{problemText(t, tMaybe, problem)}</span>
    </div>
  );
}

/** The parser's complaint in the UI language, with the (1-based) character it is at. */
export function problemText(t: I18n['t'], tMaybe: I18n['tMaybe'], problem: QueryProblem): string {
  const msg = (problem.code && tMaybe(`qerr.${problem.code}`)) || t('qerr.unknown');
  return problem.position === undefined ? msg : t('qerr.at', { n: problem.position + 1, msg });
}

/** Create or edit a monitoring query; the expression is checked by the server as you type. */
export function QueryForm({ initial, sets, onClose, onSaved }: { initial?: MonitoringQuery; sets: string[]; onClose(): void; onSaved(q: MonitoringQuery, b: Backfill | null): void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const [form, setForm] = useState<QueryInput>(() =>
    initial
      ? { name: initial.name, expression: initial.expression, kind: initial.kind, setId: initial.setId, enabled: initial.enabled, alert: initial.alert }
      : { name: '', expression: '', kind: 'brand', setId: null, enabled: true, alert: DEFAULT_ALERT, backfillDays: 30 },
  );
  const [problem, setProblem] = useState<QueryProblem>();
  const [canonical, setCanonical] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const expr = form.expression;
    if (!expr.trim()) {
      setProblem(undefined);
      setCanonical(undefined);
      return;
    }
    const timer = setTimeout(() => {
      dashboardsApi.validate(workspace.id, expr).then(
        (r) => {
          setProblem(undefined);
          setCanonical(r.canonical);
        },
        (err: unknown) => {
          setCanonical(undefined);
          setProblem(queryProblem(err));
        },
      );
    }, 350);
    return () => clearTimeout(timer);
  }, [form.expression, workspace.id]);

  const set = <K extends keyof QueryInput>(k: K, v: QueryInput[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setAlert = <K extends keyof QueryInput['alert']>(k: K, v: QueryInput['alert'][K]) => setForm((f) => ({ ...f, alert: { ...f.alert, [k]: v } }));

  const submit = () => {
    setBusy(true);
    setError(null);
    const body = { ...form, setId: form.setId?.trim() || null };
    const call = initial ? dashboardsApi.updateQuery(workspace.id, initial.id, { ...body, backfillDays: undefined }) : dashboardsApi.createQuery(workspace.id, body);
    call
      .then((r) => onSaved(r.query, r.backfill))
      .catch((err: unknown) => {
        const p = queryProblem(err);
        if (p) setProblem(p);
        else setError(err);
      })
      .finally(() => setBusy(false));
  };

  return (
    <DialogForm
      title={initial ? t('ld.q.edit') : t('ld.q.new')}
      className="ld-query-form"
      busy={busy}
      error={error}
      submitLabel={t('ld.q.save')}
      submitTestId="save-query"
      submitDisabled={problem !== undefined}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor="q-name">{t('ld.q.name')}</label>
        <input id="q-name" type="text" required maxLength={120} value={form.name} onChange={(e) => set('name', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="q-expression">{t('ld.q.expression')}</label>
        <textarea
          id="q-expression"
          required
          rows={3}
          className="ld-mono"
          maxLength={2000}
          value={form.expression}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'q-expression-error' : 'q-expression-help'}
          placeholder={t('ld.q.expressionPlaceholder')}
          onChange={(e) => set('expression', e.target.value)}
        />
        {problem ? (
          <ProblemCaret expression={form.expression} problem={problem} />
        ) : (
          <p className="muted small" id="q-expression-help">
            {canonical ? t('ld.q.canonical', { canonical }) : t('ld.q.expressionHelp')}
          </p>
        )}
      </div>
      <div className="ld-form-row">
        <div className="field">
          <label htmlFor="q-kind">{t('ld.q.kind')}</label>
          <select id="q-kind" value={form.kind} onChange={(e) => set('kind', e.target.value as QueryInput['kind'])}>
            {QUERY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ld.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-set">{t('ld.q.set')}</label>
          <input id="q-set" type="text" list="q-set-list" pattern="[A-Za-z0-9_\-]{1,40}" value={form.setId ?? ''} onChange={(e) => set('setId', e.target.value || null)} />
          <datalist id="q-set-list">
            {sets.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
      </div>
      <label className="check-label">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> {t('ld.q.enabled')}
      </label>
      <fieldset className="ld-fieldset">
        <legend>{t('ld.q.alerts')}</legend>
        <label className="check-label">
          <input type="checkbox" checked={form.alert.enabled} onChange={(e) => setAlert('enabled', e.target.checked)} /> {t('ld.q.alertEnabled')}
        </label>
        <div className="ld-form-row">
          <div className="field">
            <label htmlFor="q-sens">{t('ld.q.sensitivity')}</label>
            <select id="q-sens" value={form.alert.sensitivity} onChange={(e) => setAlert('sensitivity', e.target.value as QueryInput['alert']['sensitivity'])}>
              {SENSITIVITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`ld.sensitivity.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="q-min">{t('ld.q.minVolume')}</label>
            <input id="q-min" type="number" min={1} max={100000} value={form.alert.minVolume} onChange={(e) => setAlert('minVolume', Number(e.target.value) || 1)} />
          </div>
          <div className="field">
            <label htmlFor="q-cool">{t('ld.q.cooldown')}</label>
            <input id="q-cool" type="number" min={5} max={10080} value={form.alert.cooldownMinutes} onChange={(e) => setAlert('cooldownMinutes', Number(e.target.value) || 5)} />
          </div>
        </div>
        <AlertChannelsField value={form.alert.channelIds} onChange={(ids) => setAlert('channelIds', ids)} />
      </fieldset>
      {!initial && (
        <div className="field">
          <label htmlFor="q-backfill">{t('ld.q.backfillDays')}</label>
          <input id="q-backfill" type="number" min={0} max={400} value={form.backfillDays ?? 30} onChange={(e) => set('backfillDays', Number(e.target.value))} />
        </div>
      )}
    </DialogForm>
  );
}
