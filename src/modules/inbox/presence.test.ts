import { describe, expect, it } from 'vitest';
import { openMemoryBus } from '../../platform/bus/memory.js';
import { systemClock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { PRESENCE_SUBJECT, type PresenceEvent } from './inbox.tables.js';
import { PresenceTracker } from './presence.js';

const entry = (over: Partial<PresenceEvent> = {}): PresenceEvent => {
  const now = Date.now();
  return { workspaceId: 'w', conversationId: 'c', userId: 'u1', name: '김상담', state: 'viewing', at: new Date(now).toISOString(), expiresAt: new Date(now + 300).toISOString(), ...over };
};

describe('presence tracker', () => {
  it('tells new entries and state changes, not renewals, and expires entries that are not renewed', async () => {
    const bus = openMemoryBus();
    const tracker = new PresenceTracker({ db: null } as unknown as Store, bus, systemClock, 300);
    await tracker.start();
    const heard: PresenceEvent[] = [];
    tracker.on((e) => heard.push(e));
    await bus.publish(PRESENCE_SUBJECT, entry());
    await bus.publish(PRESENCE_SUBJECT, entry());
    await bus.publish(PRESENCE_SUBJECT, entry({ state: 'typing' }));
    await bus.publish(PRESENCE_SUBJECT, entry({ userId: 'u2', workspaceId: 'other' }));
    await expect.poll(() => heard.length).toBe(3);
    expect(heard.map((e) => e.state)).toEqual(['viewing', 'typing', 'viewing']);
    expect(tracker.list('w', 'c').map((e) => e.userId)).toEqual(['u1']);
    await expect.poll(() => heard.filter((e) => e.state === 'left').length, { timeout: 3000 }).toBe(2);
    expect(tracker.list('w', 'c')).toEqual([]);
    await tracker.stop();
    await bus.close();
  });
});
