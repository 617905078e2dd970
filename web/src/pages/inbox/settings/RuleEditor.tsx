import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../../api.js';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { useI18n } from '../../../i18n/index.js';
import { href, navigate } from '../../../router.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { usePeople } from '../directory.js';
import { inboxApi } from '../inboxApi.js';
import { lineCol, locate, spanOf } from './jsonLocate.js';
import { RuleHelp, RULE_TEMPLATE } from './ruleHelp.js';
import { RuleBuilder } from './RuleBuilder.js';
import { useRuleSuggestions } from './useRuleSuggestions.js';
import { fromJson, toJson, type Builder, type Unrepresentable } from './ruleModel.js';
import { RulePreview } from './RulePreview.js';
import { problemsOf, settingsApi, type PreviewResult, type RunOn } from './settingsApi.js';

interface Problem {
  path: string;
  message: string;
  line?: number;
  start?: number;
  end?: number;
}

const initial = fromJson(RULE_TEMPLATE);

/**
 * One routing rule: name and switches as a form; conditions and actions in the point-and-click builder
 * or as JSON (checked by the server), kept in step. A rule the builder cannot show stays in JSON.
 */
export function RuleEditor({ ruleId }: { ruleId: string | null }) {
  const { t, errorText, formatDateTime } = useI18n();
  const { workspace } = useWorkspace();
  const loaded = useLoad(() => (ruleId ? settingsApi.rule(workspace.id, ruleId) : Promise.resolve(null)), [workspace.id, ruleId]);
  const teams = useLoad(
    () =>
      inboxApi.teams(workspace.id).then(
        (r) => r.teams,
        () => [],
      ),
    [workspace.id],
  );
  const canned = useLoad(
    () =>
      inboxApi.canned(workspace.id).then(
        (r) => r.cannedReplies,
        () => [],
      ),
    [workspace.id],
  );
  const sla = useLoad(
    () =>
      settingsApi.slaPolicies(workspace.id).then(
        (r) => r.policies,
        () => [],
      ),
    [workspace.id],
  );
  const people = usePeople();
  useRuleSuggestions(workspace.id);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [runOn, setRunOn] = useState<RunOn>('created');
  const [stop, setStop] = useState(false);
  const [json, setJson] = useState(() => JSON.stringify(RULE_TEMPLATE, null, 2));
  const [mode, setMode] = useState<'builder' | 'json'>('builder');
  const [builder, setBuilder] = useState<Builder | null>(initial.ok ? initial.builder : null);
  const [why, setWhy] = useState<Unrepresentable[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ evaluated: number; matched: number; results: PreviewResult[] } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const ids = useId();

  const named = (list: Array<{ id: string; name: string }> | null | undefined) => (list ?? []).map((x) => ({ id: x.id, name: x.name }));
  const choices = { teams: named(teams.data), agents: named(people), canned: named(canned.data), policies: named(sla.data) };
  const rule = loaded.data?.rule;
  useEffect(() => {
    if (!rule) return;
    setName(rule.name);
    setDescription(rule.description ?? '');
    setEnabled(rule.enabled);
    setRunOn(rule.runOn);
    setStop(rule.stopProcessing);
    const body = { conditions: rule.conditions, actions: rule.actions };
    setJson(JSON.stringify(body, null, 2));
    const b = fromJson(body);
    setBuilder(b.ok ? b.builder : null);
    setWhy(b.ok ? null : b.reasons);
    setMode(b.ok ? 'builder' : 'json');
  }, [rule]);

  /** Every builder change rewrites the JSON, so both views always hold the same rule. */
  const build = (next: Builder) => {
    setBuilder(next);
    setJson(JSON.stringify(toJson(next), null, 2));
  };
  /** To the builder only when it can show the JSON exactly; otherwise the reasons are shown. */
  const toBuilder = () => {
    const r = locate(json);
    if (!r.ok) return void parsed();
    const b = fromJson(r.value);
    setWhy(b.ok ? null : b.reasons);
    if (!b.ok) return;
    setProblems([]);
    setBuilder(b.builder);
    setMode('builder');
  };

  const select = (p: Problem) => {
    if (mode === 'builder') {
      setMode('json');
      return void setTimeout(() => select(p), 0);
    }
    const el = editor.current;
    if (!el || p.start === undefined) return;
    el.focus();
    el.setSelectionRange(p.start, p.end ?? p.start + 1);
  };

  /** The JSON as the server wants it, or problems shown at their place. */
  const parsed = (): { conditions: unknown; actions: unknown } | undefined => {
    const r = locate(json);
    if (!r.ok) {
      const { line, col } = lineCol(json, r.position);
      setProblems([{ path: '', message: t('inboxSettings.rules.syntax', { col, message: r.message }), line, start: r.position, end: r.position + 1 }]);
      return undefined;
    }
    const v = r.value as Record<string, unknown> | null;
    if (!v || typeof v !== 'object' || Array.isArray(v) || !('conditions' in v) || !('actions' in v)) {
      setProblems([{ path: '', message: t('inboxSettings.rules.shape'), line: 1, start: 0, end: 1 }]);
      return undefined;
    }
    setProblems([]);
    return { conditions: v.conditions, actions: v.actions };
  };

  const serverProblems = (err: unknown): boolean => {
    if (!(err instanceof ApiError) || err.code !== 'rule.invalid') return false;
    const r = locate(json);
    setProblems(
      problemsOf(err.message, err.field).map((p) => {
        const span = r.ok ? spanOf(r.spans, p.path) : undefined;
        return { ...p, ...(span ? { start: span.start, end: span.end, line: lineCol(json, span.start).line } : {}) };
      }),
    );
    return true;
  };

  const save = async () => {
    const body = parsed();
    setError(null);
    setSaved(null);
    if (!body) return;
    setBusy(true);
    try {
      const draft = { name: name.trim(), description: description.trim() || null, enabled, runOn, stopProcessing: stop, ...body };
      if (ruleId) {
        const r = await settingsApi.updateRule(workspace.id, ruleId, draft);
        setSaved(t('inboxSettings.rules.saved', { version: r.rule.version }));
        loaded.reload();
      } else {
        const r = await settingsApi.createRule(workspace.id, draft);
        navigate(`/settings/inbox/rules/${r.rule.id}`);
      }
    } catch (err) {
      if (!serverProblems(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const test = async () => {
    const body = parsed();
    setError(null);
    if (!body) return;
    setBusy(true);
    try {
      setPreview(await settingsApi.previewRule(workspace.id, { name: name.trim() || 'draft', stopProcessing: stop, ...body }, 50));
    } catch (err) {
      setPreview(null);
      if (!serverProblems(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (version: number) => {
    if (!ruleId) return;
    setError(null);
    try {
      await settingsApi.restoreRule(workspace.id, ruleId, version);
      setSaved(t('inboxSettings.rules.restored', { version }));
      loaded.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const remove = async () => {
    if (!ruleId) return;
    try {
      await settingsApi.deleteRule(workspace.id, ruleId);
      navigate('/settings/inbox/rules');
    } catch (err) {
      setConfirmDelete(false);
      setError(errorText(err));
    }
  };

  if (ruleId && loaded.error) return <p className="alert alert-error">{errorText(loaded.error)}</p>;
  if (ruleId && !rule) return <p role="status">{t('common.loading')}</p>;

  return (
    <div className="panel rule-editor">
      <p>
        <a href={href('/settings/inbox/rules')}>← {t('inboxSettings.rules.back')}</a>
      </p>
      <h2>{ruleId ? t('inboxSettings.rules.edit', { name: rule?.name ?? '' }) : t('inboxSettings.rules.new')}</h2>
      <form
        className="card"
        aria-label={t('inboxSettings.rules.formLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${ids}-name`}>{t('inboxSettings.rules.name')}</label>
            <input id={`${ids}-name`} type="text" value={name} required maxLength={120} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-run`}>{t('inboxSettings.rules.runOn')}</label>
            <select id={`${ids}-run`} value={runOn} onChange={(e) => setRunOn(e.target.value as RunOn)}>
              <option value="created">{t('inboxSettings.rules.runOn.created')}</option>
              <option value="every_message">{t('inboxSettings.rules.runOn.every_message')}</option>
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-desc`}>
            {t('inboxSettings.rules.description')} <span className="muted small">({t('common.optional')})</span>
          </label>
          <input id={`${ids}-desc`} type="text" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="check-row">
          <label className="check-label">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            {t('inboxSettings.rules.enabled')}
          </label>
          <label className="check-label">
            <input type="checkbox" checked={stop} onChange={(e) => setStop(e.target.checked)} />
            {t('inboxSettings.rules.stop')}
          </label>
        </div>
        <div className="mode-switch" role="group" aria-label={t('ruleBuilder.mode')}>
          <button type="button" className="btn btn-small" aria-pressed={mode === 'builder'} onClick={toBuilder} data-testid="mode-builder">
            {t('ruleBuilder.mode.builder')}
          </button>
          <button type="button" className="btn btn-small" aria-pressed={mode === 'json'} onClick={() => setMode('json')} data-testid="mode-json">
            {t('ruleBuilder.mode.json')}
          </button>
        </div>
        {why && (
          <div className="alert alert-info json-only-note" role="status" data-testid="json-only">
            {t('ruleBuilder.jsonOnly')}
            <ul>
              {why.map((w, i) => (
                <li key={i}>
                  {w.path && <code>{w.path}</code>} {t(`ruleBuilder.why.${w.code}`)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {mode === 'builder' && builder ? (
          <RuleBuilder value={builder} choices={choices} problems={problems} onChange={build} />
        ) : (
          <div className="field">
            <label htmlFor={`${ids}-json`}>{t('inboxSettings.rules.json')}</label>
            <p className="hint" id={`${ids}-json-hint`}>
              {t('inboxSettings.rules.jsonHint')}
            </p>
            <textarea
              id={`${ids}-json`}
              ref={editor}
              className="json-editor"
              spellCheck={false}
              rows={16}
              value={json}
              onChange={(e) => setJson(e.target.value)}
              aria-invalid={problems.length > 0 || undefined}
              aria-describedby={`${ids}-json-hint ${ids}-problems`}
              data-testid="rule-json"
            />
          </div>
        )}
        <div id={`${ids}-problems`}>
          {problems.length > 0 && (
            <div className="alert alert-error" role="alert" data-testid="rule-problems">
              <strong>{t('inboxSettings.rules.problems', { n: problems.length })}</strong>
              <ul className="problem-list">
                {problems.map((p, i) => (
                  <li key={i}>
                    <button type="button" className="link-button" onClick={() => select(p)} disabled={p.start === undefined}>
                      {p.line !== undefined && mode === 'json' && <span className="muted">{t('inboxSettings.rules.line', { n: p.line })} </span>}
                      {p.path && <code>{p.path}</code>} {p.message}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        {saved && (
          <p className="alert alert-success" role="status">
            {saved}
          </p>
        )}
        <div className="form-actions">
          {ruleId && (
            <button type="button" className="btn btn-danger" onClick={() => setConfirmDelete(true)}>
              {t('inboxSettings.delete')}
            </button>
          )}
          <button type="button" className="btn" disabled={busy} onClick={() => void test()} data-testid="rule-test">
            {t('inboxSettings.rules.test')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            {t('inboxSettings.save')}
          </button>
        </div>
      </form>

      {mode === 'json' && (
        <RuleHelp
          ids={[
            { label: t('inboxSettings.teams.title'), items: choices.teams },
            { label: t('inboxSettings.agents.title'), items: choices.agents },
            { label: t('inboxSettings.canned.title'), items: choices.canned },
            { label: t('inboxSettings.sla.title'), items: choices.policies },
          ]}
        />
      )}

      {preview && <RulePreview {...preview} />}

      {loaded.data && loaded.data.versions.length > 0 && (
        <section className="card versions" aria-labelledby={`${ids}-versions`}>
          <h3 id={`${ids}-versions`}>{t('inboxSettings.rules.versions')}</h3>
          <ul>
            {loaded.data.versions.map((v) => (
              <li key={v.version}>
                <span>
                  <strong>v{v.version}</strong> · {formatDateTime(v.updatedAt)}
                  {v.updatedBy && typeof v.updatedBy === 'object' && v.updatedBy.name ? ` · ${v.updatedBy.name}` : ''}
                </span>
                {v.version !== rule?.version && (
                  <button type="button" className="btn btn-small" onClick={() => void restore(v.version)}>
                    {t('inboxSettings.rules.restore')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {confirmDelete && (
        <ConfirmDialog title={t('inboxSettings.rules.deleteTitle')} body={t('inboxSettings.rules.deleteBody', { name })} confirm={t('inboxSettings.delete')} danger onConfirm={() => void remove()} onClose={() => setConfirmDelete(false)} />
      )}
    </div>
  );
}
