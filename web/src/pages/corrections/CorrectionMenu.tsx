import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { Icon } from '../../components/Icon.js';
import { useI18n } from '../../i18n/index.js';
import type { AnalysisView } from '../listening/analysis.js';
import { correctionsApi, type CorrectionTask } from './correctionsApi.js';

const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
const ABUSE = ['none', 'offensive', 'hate'] as const;
const INTENTS = ['inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const;

/**
 * "Correct the analysis": a small menu on an item (inbox thread, listening lists and drill-downs). One
 * click on a label stores the correction; the item shows the person's label at once (`onCorrected`).
 */
export function CorrectionMenu({ workspaceId, itemId, view, onCorrected }: { workspaceId: string; itemId: string; view: AnalysisView; onCorrected(analysis: unknown): void }) {
  const { t, tMaybe, errorText } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    root.current?.querySelector<HTMLButtonElement>('[role^="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const onMenuKey = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };

  const send = (task: CorrectionTask, label: string) => {
    setOpen(false);
    setBusy(true);
    setError(null);
    correctionsApi
      .correct(workspaceId, itemId, task, label)
      .then((r) => onCorrected(r.analysis))
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  const toggleIntent = (name: string) => {
    const set = new Set(view.intents.filter((i) => i !== 'complaint'));
    if (set.has(name)) set.delete(name);
    else set.add(name);
    const list = INTENTS.filter((i) => set.has(i));
    send('intents', list.length ? list.join(',') : 'none');
  };

  const radio = (task: CorrectionTask, value: string, checked: boolean, label: string) => (
    <button key={`${task}-${value}`} type="button" role="menuitemradio" aria-checked={checked} data-task={task} data-label={value} onClick={() => send(task, value)}>
      <span className="correct-check" aria-hidden="true">
        {checked ? '●' : ''}
      </span>
      {label}
    </button>
  );

  return (
    <div className="correct-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn btn-small btn-ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        disabled={busy}
        data-testid="correct-button"
        title={t('correct.hint')}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="edit" size={13} />
        {busy ? t('common.saving') : t('correct.button')}
      </button>
      {open && (
        <div className="menu correct-list" id={menuId} role="menu" aria-label={t('correct.menu')} onKeyDown={onMenuKey} data-testid="correct-menu">
          <p className="correct-group" role="presentation">
            {t('correct.sentiment')}
          </p>
          {SENTIMENTS.map((s) => radio('sentiment', s, view.sentiment?.label === s, tMaybe(`sentiment.${s}`) ?? s))}
          <p className="correct-group" role="presentation">
            {t('correct.complaint')}
          </p>
          {radio('complaint', 'yes', view.complaint, t('correct.complaintYes'))}
          {radio('complaint', 'no', !view.complaint, t('correct.complaintNo'))}
          <p className="correct-group" role="presentation">
            {t('correct.intents')}
          </p>
          {INTENTS.map((i) => (
            <button key={i} type="button" role="menuitemcheckbox" aria-checked={view.intents.includes(i)} data-task="intents" data-label={i} onClick={() => toggleIntent(i)}>
              <span className="correct-check" aria-hidden="true">
                {view.intents.includes(i) ? '✓' : ''}
              </span>
              {tMaybe(`intent.${i}`) ?? i}
            </button>
          ))}
          <p className="correct-group" role="presentation">
            {t('correct.abuse')}
          </p>
          {ABUSE.map((a) => radio('abuse', a, (view.abuseLabel ?? 'none') === a, a === 'none' ? t('correct.abuseNone') : (tMaybe(`abuse.${a}`) ?? a)))}
        </div>
      )}
      {error && (
        <span className="small alert-inline" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** "Corrected" beside a badge a person corrected: who, when and what the model said. */
export function CorrectedMark({ mark }: { mark: { by: string; at: string; was: string } | undefined }) {
  const { t, formatDateTime } = useI18n();
  if (!mark) return null;
  return (
    <span className="corrected-mark small" data-testid="corrected-mark" title={t('correct.byWhom', { name: mark.by, when: formatDateTime(mark.at), was: mark.was })}>
      <Icon name="verified" size={12} />
      {t('correct.marked')}
    </span>
  );
}
