import type { ChannelEvent } from '../../channels/port.js';

/** Channel events as JSON (dates as ISO strings) for the raw-event archive, and back. */
export function serializeEvents(events: ChannelEvent[]): string {
  return JSON.stringify(events);
}

const DATE_KEYS = new Set(['createdAt', 'editedAt', 'at']);

export function deserializeEvents(text: string): ChannelEvent[] {
  return JSON.parse(text, (key, value) => (DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value)) as ChannelEvent[];
}
