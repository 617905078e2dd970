import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';
import type { Loaded } from '../../useLoad.js';

const noRows = (data: unknown) => Array.isArray(data) && data.length === 0;

/**
 * What a `useLoad` holds, the same way on every settings page: "Loading…" until the first answer; a
 * failure with a retry button (above the last good content when there is one); the `empty` sentence when
 * the answer has nothing in it (an empty list unless `isEmpty` says otherwise); else `children(data)`.
 */
export function LoadState<T>({ load, empty, isEmpty = noRows, children }: { load: Loaded<T>; empty?: ReactNode; isEmpty?(data: T): boolean; children(data: T): ReactNode }) {
  const { t, errorText } = useI18n();
  const failed =
    load.error !== null ? (
      <div className="alert alert-error" role="alert">
        {errorText(load.error)}{' '}
        <button type="button" className="btn btn-small" onClick={load.reload}>
          {t('common.retry')}
        </button>
      </div>
    ) : null;
  if (load.data === undefined) return failed ?? <p role="status">{t('common.loading')}</p>;
  return (
    <>
      {failed}
      {empty !== undefined && isEmpty(load.data) ? (
        <div className="empty">
          <p>{empty}</p>
        </div>
      ) : (
        children(load.data)
      )}
    </>
  );
}
