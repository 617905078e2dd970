import { useCallback, useEffect, useRef, useState } from 'react';
import { useWorkspace } from '../../../workspace.js';
import { dashboardsApi, type Alert, type Crisis } from './dashboardsApi.js';

const POLL_MS = 10_000;
/** While the stream is open, a slow look as well: an event lost in a reconnect still shows within a minute. */
const SAFETY_MS = 60_000;

export interface AlertFeed {
  crisis: Crisis | undefined;
  /** Alerts that arrived (new or updated) since the area opened, newest first. */
  live: Alert[];
  /** Newest open alert that arrived live and was not dismissed: the banner. */
  banner: Alert | undefined;
  dismiss(): void;
  setCrisis(c: Crisis): void;
  /** 'sse' while the event stream is open, 'poll' when polling every 10 s instead. */
  mode: 'sse' | 'poll';
}

function upsert(list: Alert[], a: Alert): Alert[] {
  return [a, ...list.filter((x) => x.id !== a.id)].slice(0, 100);
}

/**
 * New crisis alerts and the crisis-mode flag, live: the server-sent events of `GET /alerts/live`
 * (`alert`, `crisis`); when the stream is refused or not available, `GET /alerts` + `GET /crisis` every 10 s,
 * and every minute while it is open (EventSource reconnects on its own, and what was sent meanwhile is lost).
 */
export function useAlertFeed(): AlertFeed {
  const { workspace, can } = useWorkspace();
  const allowed = can('listening.read');
  const [crisis, setCrisis] = useState<Crisis>();
  const [live, setLive] = useState<Alert[]>([]);
  const [bannerId, setBannerId] = useState<string>();
  const [mode, setMode] = useState<'sse' | 'poll'>('sse');
  const seen = useRef<Set<string> | null>(null);

  const onAlert = useCallback((a: Alert) => {
    setLive((l) => upsert(l, a));
    if (a.status === 'open' && !seen.current?.has(a.id)) setBannerId(a.id);
    seen.current?.add(a.id);
  }, []);

  useEffect(() => {
    if (!allowed) return;
    const w = workspace.id;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let safety: ReturnType<typeof setInterval> | undefined;
    let source: EventSource | undefined;

    const poll = async () => {
      try {
        const [{ alerts }, { crisis: c }] = await Promise.all([dashboardsApi.alerts(w, { limit: 20 }), dashboardsApi.crisis(w)]);
        if (stopped) return;
        setCrisis(c);
        if (seen.current === null) seen.current = new Set(alerts.map((a) => a.id));
        else for (const a of [...alerts].reverse()) if (!seen.current.has(a.id)) onAlert(a);
      } catch {
        /* shown elsewhere; try again on the next round */
      }
    };
    const startPolling = () => {
      clearInterval(safety);
      setMode('poll');
      const round = () => {
        void poll().finally(() => {
          if (!stopped) timer = setTimeout(round, POLL_MS);
        });
      };
      round();
    };

    void poll();
    if (typeof EventSource === 'undefined') startPolling();
    else {
      source = new EventSource(dashboardsApi.alertsLiveUrl(w), { withCredentials: true });
      safety = setInterval(() => void poll(), SAFETY_MS);
      source.onopen = () => setMode('sse');
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          startPolling();
        }
      };
      source.addEventListener('alert', (e) => {
        try {
          const a = JSON.parse((e as MessageEvent<string>).data) as Alert;
          if (a && typeof a.id === 'string') onAlert(a);
        } catch {
          /* ignore a malformed event */
        }
      });
      source.addEventListener('crisis', (e) => {
        try {
          const c = JSON.parse((e as MessageEvent<string>).data) as Crisis | { crisis: Crisis };
          setCrisis('crisis' in c ? c.crisis : c);
        } catch {
          /* ignore */
        }
      });
    }
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(safety);
      source?.close();
    };
  }, [workspace.id, allowed, onAlert]);

  const banner = live.find((a) => a.id === bannerId && a.status === 'open');
  return { crisis, live, banner, dismiss: () => setBannerId(undefined), setCrisis, mode };
}
