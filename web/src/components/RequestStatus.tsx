import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/index.js';

/** A form or row that sends requests: `busy` while one runs, the last failure, and a success note. */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<unknown>(null);
  /** Runs `p` with `busy` set; on success `then` gets its value (a string: shown as the note); a failure lands in `error`. */
  const track = useCallback(<T,>(p: Promise<T>, then?: string | ((value: T) => void)) => {
    setBusy(true);
    p.then((value) => (typeof then === 'function' ? then(value) : setNote(then)))
      .catch(setError)
      .finally(() => setBusy(false));
  }, []);
  /** `track` as a fresh attempt: the last error and note are cleared first. */
  const run = useCallback(
    <T,>(p: Promise<T>, then?: string | ((value: T) => void)) => {
      setError(null);
      setNote(undefined);
      track(p, then);
    },
    [track],
  );
  return { busy, note, setNote, error, setError, run, track };
}

/** The error alert of a card, form or row; nothing when `error` is null. */
export function ErrorAlert({ error, small }: { error: unknown; small?: boolean }) {
  const { errorText } = useI18n();
  if (error === null) return null;
  return (
    <p className={`alert alert-error${small ? ' small' : ''}`} role="alert">
      {errorText(error)}
    </p>
  );
}

/** The outcome of the last request: its success note, then its error. */
export function RequestNotes({ note, error, small }: { note: string | undefined; error: unknown; small?: boolean }) {
  return (
    <>
      {note && (
        <p className={`alert alert-success${small ? ' small' : ''}`} role="status">
          {note}
        </p>
      )}
      <ErrorAlert error={error} small={small} />
    </>
  );
}
