import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  setData(update: (old: T | undefined) => T | undefined): void;
}

/** Runs `load` when `deps` change; the newest answer wins, older ones are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setDataState] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const run = useRef(0);

  const reload = useCallback(() => {
    const mine = ++run.current;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (mine !== run.current) return;
        setDataState(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== run.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, deps);

  useEffect(reload, [reload]);
  const setData = useCallback((update: (old: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}
