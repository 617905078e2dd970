import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/index.js';
import { Dialog } from './Dialog.js';

/** "Are you sure?" as a modal: the cancel button has the focus, the confirming one says what it does. */
export function ConfirmDialog(props: { title: string; body: string; confirm: string; danger?: boolean; busy?: boolean; onConfirm(): void; onClose(): void }) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  // After the dialog opens (Dialog's effect runs first): showModal() focuses the first button, the close ×.
  useEffect(() => cancel.current?.focus(), []);
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <div className="dialog-body">
        <p>{props.body}</p>
        <div className="form-actions">
          <button ref={cancel} type="button" className="btn" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className={`btn ${props.danger ? 'btn-danger-solid' : 'btn-primary'}`} disabled={props.busy} onClick={props.onConfirm}>
            {props.confirm}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
