import { useI18n, type MessageKey } from '../../i18n/index.js';
import type { LiveState } from '../../useEventStream.js';

const LABEL: Record<LiveState, MessageKey> = {
  open: 'inbox.live.open',
  connecting: 'inbox.live.connecting',
  reconnecting: 'inbox.live.reconnecting',
  unsupported: 'inbox.live.unsupported',
};

/** Whether the screen is receiving live updates. */
export function LiveBadge({ state }: { state: LiveState }) {
  const { t } = useI18n();
  return (
    <span className={`live-state live-${state}`} role="status" data-testid="live-state">
      <span className="live-dot" aria-hidden="true" />
      {t(LABEL[state])}
    </span>
  );
}
