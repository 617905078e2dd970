import { useId, useState } from 'react';
import { useI18n } from '../i18n/index.js';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain-HTTP intranet installs have no Clipboard API; fall back to a hidden textarea.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy failed');
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        aria-label={label}
        onClick={() =>
          copyText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {state === 'copied' ? t('common.copied') : t('common.copy')}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}

/** A value shown only once (initial password, token secret), with a copy button and a warning. */
export function SecretBox({ title, note, value, onDismiss }: { title: string; note: string; value: string; onDismiss(): void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="secret-box" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="small">{note}</p>
      <div className="secret-row">
        <code id={id} className="secret" data-testid="secret-value">
          {value}
        </code>
        <CopyButton text={value} />
      </div>
      <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss}>
        {t('common.close')}
      </button>
    </div>
  );
}
