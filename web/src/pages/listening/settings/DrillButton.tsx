import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { notifyApi } from './notifyApi.js';

const SECONDS = 30;

/** "Run crisis drill": only in the demo workspace, for people who manage listening. */
export function DrillButton() {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const state = useLoad(() => notifyApi.drill(workspace.id).then((r) => r.drill), [workspace.id]);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState<number>();
  const [error, setError] = useState<unknown>(null);
  if (!can('listening.manage') || !state.data?.available) return null;
  const start = () => {
    setBusy(true);
    setError(null);
    notifyApi
      .startDrill(workspace.id, SECONDS)
      .then((r) => {
        setRunning(r.drill.posts);
        setConfirm(false);
        // The drill ends by itself; the note goes when the posts are out and checked.
        setTimeout(() => setRunning(undefined), (SECONDS + 45) * 1000);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <div className="ln-drill">
      <button type="button" className="btn" onClick={() => setConfirm(true)} disabled={running !== undefined} data-testid="drill-button">
        {t('ln.drill.button')}
      </button>
      {running !== undefined && (
        <span className="small" role="status" data-testid="drill-running">
          {t('ln.drill.running', { n: running })}
        </span>
      )}
      {error !== null && (
        <span className="small alert alert-error" role="alert">
          {errorText(error)}
        </span>
      )}
      {confirm && <ConfirmDialog title={t('ln.drill.title')} body={t('ln.drill.body', { n: state.data.posts, s: SECONDS })} confirm={t('ln.drill.start')} busy={busy} onConfirm={start} onClose={() => setConfirm(false)} />}
    </div>
  );
}
