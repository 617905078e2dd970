import type { ReactNode } from 'react';

export type NoticeKind = 'success' | 'error' | 'info';

/**
 * The outcome of the last action, in one line: success and info are read out politely (`status`), an
 * error at once (`alert`). Renders nothing while there is nothing to say (null, undefined, '').
 */
export function Notice({ kind, children, id, testId, small }: { kind: NoticeKind; children: ReactNode; id?: string; testId?: string; small?: boolean }) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return (
    <p className={`alert alert-${kind}${small ? ' small' : ''}`} role={kind === 'error' ? 'alert' : 'status'} id={id} data-testid={testId}>
      {children}
    </p>
  );
}
