import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';
import { Notice } from './Notice.js';

/**
 * A form on the page (not in a modal; that is `DialogForm`): the fields, the error of the last attempt,
 * then Cancel and the submit button, which says "Saving…" while `busy`.
 */
export function FormCard(props: {
  /** The form's accessible name. */
  label: string;
  id?: string;
  /** Classes besides `card form-card`. */
  className?: string;
  error: string | null;
  /** The error's id, for fields that point at it with aria-describedby. */
  errorId?: string;
  errorTestId?: string;
  busy: boolean;
  submitLabel: string;
  /** Disables the submit button besides while busy. */
  submitDisabled?: boolean;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form
      className={`card form-card${props.className ? ` ${props.className}` : ''}`}
      id={props.id}
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      <Notice kind="error" id={props.errorId} testId={props.errorTestId}>
        {props.error}
      </Notice>
      <div className="form-actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={props.busy || props.submitDisabled}>
          {props.busy ? t('common.saving') : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
