import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import { Dialog } from './Dialog.js';
import { ErrorAlert } from './RequestStatus.js';

/** A form in a modal: the fields, the error, then Cancel and the submit button ("Saving…" while busy). */
export function DialogForm(props: {
  title: string;
  /** Classes of the form besides `dialog-body`. */
  className: string;
  busy: boolean;
  error: unknown;
  submitLabel: string;
  submitTestId?: string;
  /** Disables the submit button besides while busy. */
  submitDisabled?: boolean;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form
        className={`dialog-body ${props.className}`}
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        {props.children}
        <ErrorAlert error={props.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={props.busy || props.submitDisabled} data-testid={props.submitTestId}>
            {props.busy ? t('common.saving') : props.submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
