import type { ChannelAdapter } from './port.js';

/**
 * How an account listens: a streaming adapter streams by default and a polling one polls;
 * `settings.mode` ('stream' | 'poll' | 'both') overrides where the adapter can do both.
 */
export function listensBy(adapter: ChannelAdapter, settings: Record<string, unknown>): { poll: boolean; stream: boolean } {
  // Demo and import accounts hold data that was fed in; there is nothing to listen to.
  if (settings.demo === true || settings.import === true) return { poll: false, stream: false };
  const mode = settings.mode;
  const canPoll = Boolean(adapter.fetch);
  const canStream = Boolean(adapter.stream);
  if (mode === 'both') return { poll: canPoll, stream: canStream };
  if (mode === 'poll') return { poll: canPoll, stream: !canPoll && canStream };
  if (mode === 'stream') return { poll: !canStream && canPoll, stream: canStream };
  return { poll: canPoll && !canStream, stream: canStream };
}
