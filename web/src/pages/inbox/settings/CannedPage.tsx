import { useRef, useState } from 'react';
import { ApiError } from '../../../api.js';
import { ConfirmDialog, DataTable, FormCard, LoadState, Notice, SettingsPanel } from '../../../components/settings/index.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { inboxApi, type CannedReply } from '../inboxApi.js';
import { CannedProposals } from './CannedProposals.js';

/** The variables a template may use (docs/inbox.md), with a default after `|` and josa markers. */
const VARIABLES = ['customer.name|고객', 'customer.handle', 'agent.name', 'agent.team', 'channel.name', 'workspace.name', 'conversation.id'];

/** Canned replies: name, language and a template with variables; the server checks the template. */
export function CannedPage() {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const manage = can('inbox.manage');
  const items = useLoad(() => inboxApi.canned(workspace.id).then((r) => r.cannedReplies), [workspace.id]);
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [language, setLanguage] = useState('ko');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CannedReply | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  const open = (c: CannedReply | 'new') => {
    setEditing(c);
    setName(c === 'new' ? '' : c.name);
    setText(c === 'new' ? '' : c.text);
    setLanguage(c === 'new' ? 'ko' : c.language);
    setError(null);
    setNotice(null);
  };

  const insert = (v: string) => {
    const el = area.current;
    const token = `{{${v}}}`;
    const at = el?.selectionStart ?? text.length;
    setText(text.slice(0, at) + token + text.slice(el?.selectionEnd ?? at));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const save = async () => {
    if (!editing) return;
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), text, language };
      if (editing === 'new') await inboxApi.createCanned(workspace.id, body);
      else await inboxApi.updateCanned(workspace.id, editing.id, body);
      setNotice(t('inboxSettings.savedNamed', { name: body.name }));
      setEditing(null);
      items.reload();
    } catch (err) {
      setError({ ...(err instanceof ApiError && err.field ? { field: err.field } : {}), text: err instanceof ApiError && err.code === 'canned.invalid_template' ? `${t('inboxSettings.canned.invalid')} ${err.message}` : errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (c: CannedReply) => {
    try {
      await inboxApi.deleteCanned(workspace.id, c.id);
      setNotice(t('inboxSettings.deleted', { name: c.name }));
      items.reload();
    } catch (err) {
      setError({ text: errorText(err) });
    } finally {
      setRemoving(null);
    }
  };

  return (
    <SettingsPanel
      title={t('inboxSettings.canned.title')}
      intro={t('inboxSettings.canned.intro')}
      actions={
        manage &&
        editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => open('new')}>
            {t('inboxSettings.canned.add')}
          </button>
        )
      }
    >
      <Notice kind="success">{notice}</Notice>
      <CannedProposals onApproved={items.reload} />
      {/* A failed delete has no form to show its error in. */}
      {editing === null && <Notice kind="error">{error?.text}</Notice>}
      {editing !== null && (
        <FormCard
          label={editing === 'new' ? t('inboxSettings.canned.add') : t('inboxSettings.canned.edit', { name: editing.name })}
          error={error?.text ?? null}
          errorTestId="canned-error"
          busy={busy}
          submitLabel={t('inboxSettings.save')}
          submitDisabled={!name.trim() || !text.trim()}
          onSubmit={() => void save()}
          onCancel={() => setEditing(null)}
        >
          <div className="form-grid">
            <div className="field">
              <label htmlFor="canned-name">{t('inboxSettings.canned.name')}</label>
              <input id="canned-name" type="text" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error?.field === 'name' || undefined} />
            </div>
            <div className="field">
              <label htmlFor="canned-lang">{t('inboxSettings.canned.language')}</label>
              <select id="canned-lang" value={language} onChange={(e) => setLanguage(e.target.value)}>
                <option value="ko">한국어</option>
                <option value="en">English</option>
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor="canned-text">{t('inboxSettings.canned.text')}</label>
            <div className="chip-row" role="group" aria-label={t('inboxSettings.canned.variables')}>
              {VARIABLES.map((v) => (
                <button key={v} type="button" className="chip chip-button" onClick={() => insert(v)}>
                  {`{{${v}}}`}
                </button>
              ))}
            </div>
            <textarea id="canned-text" ref={area} rows={5} required value={text} onChange={(e) => setText(e.target.value)} aria-invalid={error?.field === 'text' || undefined} aria-describedby="canned-hint" />
            <p className="hint" id="canned-hint">
              {t('inboxSettings.canned.hint')}
            </p>
          </div>
        </FormCard>
      )}
      <LoadState load={items} empty={t('inbox.canned.none')}>
        {(list) => (
          <DataTable
            rows={list}
            rowKey={(c) => c.id}
            testId="canned-table"
            columns={[
              { label: t('inboxSettings.canned.name'), cell: (c) => <strong>{c.name}</strong> },
              {
                label: t('inboxSettings.canned.text'),
                className: 'canned-text',
                cell: (c) => (
                  <>
                    {c.text}
                    {c.variables.length > 0 && <span className="block muted small">{c.variables.map((v) => `{{${v}}}`).join(' ')}</span>}
                  </>
                ),
              },
              { label: t('inboxSettings.canned.language'), cell: (c) => c.language },
              {
                label: t('common.actions'),
                className: 'row-actions',
                cell: (c) =>
                  manage && (
                    <>
                      <button type="button" className="btn btn-small" onClick={() => open(c)}>
                        {t('inboxSettings.edit')}
                      </button>
                      <button type="button" className="btn btn-small btn-danger" onClick={() => setRemoving(c)}>
                        {t('inboxSettings.delete')}
                      </button>
                    </>
                  ),
              },
            ]}
          />
        )}
      </LoadState>
      {removing && (
        <ConfirmDialog
          title={t('inboxSettings.canned.deleteTitle')}
          body={t('inboxSettings.canned.deleteBody', { name: removing.name })}
          confirm={t('inboxSettings.delete')}
          danger
          onConfirm={() => void remove(removing)}
          onClose={() => setRemoving(null)}
        />
      )}
    </SettingsPanel>
  );
}
