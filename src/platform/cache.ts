import type { Bus, Subscription } from './bus/bus.js';
import type { Clock } from './clock/clock.js';

/** A small time-bounded cache (on the clock port) that also shares one in-flight load per key. */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    const t = this.clock.now().getTime();
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    this.entries.set(key, { at: t, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** What a cache-invalidation message carries: one key, or none for "drop everything". */
export interface CacheChange {
  key?: string;
}

/**
 * A TtlCache that every process drops together: after a change is committed, `changed(key)` drops the
 * key here at once and publishes `subject` on the bus, and every process that `watch()`es drops it too.
 * A change made behind the services' back (a direct SQL edit) shows within `ttlMs`.
 */
export class SharedCache<V> extends TtlCache<V> {
  constructor(
    ttlMs: number,
    clock: Clock,
    private readonly bus: Bus | undefined,
    readonly subject: string,
    maxEntries?: number,
  ) {
    super(ttlMs, clock, maxEntries);
  }

  async changed(key?: string): Promise<void> {
    this.drop(key);
    await this.bus?.publish(this.subject, { ...(key === undefined ? {} : { key }) } satisfies CacheChange).catch(() => undefined);
  }

  watch(): Promise<Subscription> | undefined {
    return this.bus?.subscribe<CacheChange>(this.subject, (msg) => this.drop(msg.data?.key));
  }

  private drop(key: string | undefined): void {
    if (key === undefined) this.clear();
    else this.delete(key);
  }
}
