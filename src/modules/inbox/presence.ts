import { EventEmitter } from 'node:events';
import type { Clock } from '../../platform/clock/clock.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { PRESENCE_SUBJECT, type InboxDb, type PresenceEvent } from './inbox.tables.js';

/** An entry lives this long after its last renewal (the UI renews every ~5 s). */
export const PRESENCE_TTL_MS = 15_000;
const UUID = /^[0-9a-f-]{36}$/i;

/**
 * Collision detection: who is viewing or typing in a conversation. Changes are published on the bus
 * (fan-out, so every web process sees them) and kept here in memory with an expiry; nothing is stored.
 * Listeners (the SSE streams) hear every change, including `left` when an entry expires. Presence is
 * wall-clock UI state, so it uses real time, not the application clock.
 */
export class PresenceTracker {
  private readonly db: InboxDb;
  private readonly entries = new Map<string, PresenceEvent>();
  private readonly events = new EventEmitter();
  private sub: Promise<Subscription> | undefined;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly ttlMs = PRESENCE_TTL_MS,
  ) {
    this.db = tables(store);
    this.events.setMaxListeners(0);
  }

  /** Starts listening to the bus (idempotent); the web role calls it. */
  start(): Promise<Subscription> {
    if (!this.sub) {
      this.sub = this.bus.subscribe<PresenceEvent>(PRESENCE_SUBJECT, (msg) => this.apply(msg.data));
      this.sweep = setInterval(() => this.expire(), 1000);
      this.sweep.unref();
    }
    return this.sub;
  }

  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    const sub = this.sub;
    this.sub = undefined;
    if (sub) await (await sub).close();
  }

  on(listener: (e: PresenceEvent) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  list(workspaceId: string, conversationId: string): PresenceEvent[] {
    const now = this.clock.now().getTime();
    return [...this.entries.values()].filter((e) => e.workspaceId === workspaceId && e.conversationId === conversationId && Date.parse(e.expiresAt) > now);
  }

  /** The caller's presence on a conversation: published, and applied here at once. */
  async set(scope: Scope, conversationId: string, state: PresenceEvent['state']): Promise<PresenceEvent[]> {
    assertCan(scope, 'inbox.reply');
    const conv = UUID.test(conversationId) ? await this.db.selectFrom('conversations').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', conversationId).executeTakeFirst() : undefined;
    if (!conv) throw notFound('conversation.not_found', 'No such conversation.');
    const userId = scope.actor.userId ?? `token:${scope.actor.tokenId ?? 'unknown'}`;
    const user = scope.actor.userId ? await this.db.selectFrom('users').select('name').where('id', '=', scope.actor.userId).executeTakeFirst() : undefined;
    const now = this.clock.now().getTime();
    const e: PresenceEvent = { workspaceId: scope.workspaceId, conversationId, userId, name: user?.name ?? scope.actor.label, state, at: new Date(now).toISOString(), expiresAt: new Date(now + this.ttlMs).toISOString() };
    this.apply(e);
    await this.bus.publish(PRESENCE_SUBJECT, e);
    return this.list(scope.workspaceId, conversationId);
  }

  async get(scope: Scope, conversationId: string): Promise<PresenceEvent[]> {
    assertCan(scope, 'inbox.read');
    const conv = UUID.test(conversationId) ? await this.db.selectFrom('conversations').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', conversationId).executeTakeFirst() : undefined;
    if (!conv) throw notFound('conversation.not_found', 'No such conversation.');
    return this.list(scope.workspaceId, conversationId);
  }

  /** A change heard (or made): renewals only extend; new entries, state changes and leaving are told. */
  private apply(e: PresenceEvent): void {
    const key = `${e.workspaceId}:${e.conversationId}:${e.userId}`;
    const prev = this.entries.get(key);
    if (e.state === 'left') {
      if (prev) {
        this.entries.delete(key);
        this.events.emit('change', e);
      }
      return;
    }
    if (prev && Date.parse(prev.at) > Date.parse(e.at)) return; // an older message arriving late
    this.entries.set(key, e);
    if (!prev || prev.state !== e.state) this.events.emit('change', e);
  }

  private expire(): void {
    const now = this.clock.now().getTime();
    for (const [key, e] of this.entries) {
      if (Date.parse(e.expiresAt) > now) continue;
      this.entries.delete(key);
      this.events.emit('change', { ...e, state: 'left', at: new Date(now).toISOString() });
    }
  }
}
