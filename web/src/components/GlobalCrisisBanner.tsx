import { useEffect, useState } from 'react';
import { CrisisBanner } from '../pages/listening/dashboards/ListeningTabs.js';
import { dashboardsApi, type Crisis } from '../pages/listening/dashboards/dashboardsApi.js';
import { useWorkspace } from '../workspace.js';

const POLL_MS = 15_000;

/**
 * Crisis mode shows in every area (Inbox, Network, Settings), not only in Listening, whose tabs carry
 * their own live banner: the crisis flag, read every 15 s by whoever may read Listening.
 */
export function GlobalCrisisBanner({ path }: { path: string }) {
  const { workspace, can } = useWorkspace();
  const allowed = can('listening.read');
  const [crisis, setCrisis] = useState<Crisis>();
  useEffect(() => {
    if (!allowed) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = () => {
      dashboardsApi
        .crisis(workspace.id)
        .then((r) => !stopped && setCrisis(r.crisis))
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) timer = setTimeout(round, POLL_MS);
        });
    };
    round();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [allowed, workspace.id, path.split('/')[1]]);
  if (!allowed || path.startsWith('/listening')) return null;
  return <CrisisBanner crisis={crisis} onChange={setCrisis} />;
}
