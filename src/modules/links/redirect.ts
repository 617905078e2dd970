import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Logger } from '../../platform/log/log.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { SharedCache } from '../../platform/cache.js';
import type { LinksTables } from './links.tables.js';
import { LINK_CHANGED, LINK_CLICKS, type LinkClickedEvent, type LinkClicksEvent } from './links.events.js';
import { deviceOf, isBotAgent, isPrefetch, referrerHost } from './classify.js';
import { CODE_PATTERN, withParam } from './urls.js';
import type { CountryTable } from './country.js';

/** What the redirect needs of a link, kept in memory. */
export interface LinkEntry {
  id: string;
  workspaceId: string;
  finalUrl: string;
  expiresAt: number | null;
}

/** The query parameter that carries the click id to the landing page. */
export const CLICK_PARAM = 'sotong_cid';

export function redirectCache(clock: Clock, bus: Bus): SharedCache<LinkEntry | null> {
  return new SharedCache<LinkEntry | null>(60_000, clock, bus, LINK_CHANGED, 200_000);
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The day's salt of the visitor hashes, kept in the store so every process hashes alike, and rotated
 * every day (yesterday's is deleted by a recurring job, so a hash cannot be tied to an address later).
 */
export class SaltKeeper {
  private readonly db: Kysely<LinksTables>;
  private readonly salts = new Map<string, string>();
  private loading = new Map<string, Promise<void>>();
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables<LinksTables>(store);
  }

  /** The salt of the day, if loaded; starts loading it otherwise (the click then has no visitor hash). */
  current(): string | undefined {
    const d = day(this.clock.now());
    const s = this.salts.get(d);
    if (!s) void this.load(d).catch(() => undefined);
    return s;
  }

  async load(d = day(this.clock.now())): Promise<void> {
    const running = this.loading.get(d);
    if (running) return running;
    const p = (async () => {
      await this.db
        .insertInto('link_salts')
        .values({ day: d, salt: crypto.randomBytes(32).toString('base64url') })
        .onConflict((oc) => oc.column('day').doNothing())
        .execute();
      const row = await this.db.selectFrom('link_salts').select('salt').where('day', '=', d).executeTakeFirstOrThrow();
      this.salts.set(d, row.salt);
      for (const k of this.salts.keys()) if (k < day(new Date(this.clock.now().getTime() - 86_400_000))) this.salts.delete(k);
    })().finally(() => this.loading.delete(d));
    this.loading.set(d, p);
    return p;
  }

  /** Loads today's and tomorrow's salts (so midnight needs no store). */
  async prepare(): Promise<void> {
    const now = this.clock.now();
    await this.load(day(now));
    await this.load(day(new Date(now.getTime() + 86_400_000)));
  }

  /** Deletes salts older than yesterday: after that, no hash can be recomputed from an address. */
  async purge(): Promise<number> {
    const cutoff = day(new Date(this.clock.now().getTime() - 86_400_000));
    const r = await this.db.deleteFrom('link_salts').where('day', '<', cutoff).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

export function visitorHash(salt: string, ip: string, ua: string): string {
  return crypto.createHash('sha256').update(salt).update('\0').update(ip).update('\0').update(ua).digest('base64url').slice(0, 22);
}

/**
 * Publishes clicks to the bus without making the redirect wait, many to a message: clicks gather for at
 * most `flushMs` (or `batch` clicks) and go out as one `link.clicks` message, so the bus and the writer
 * handle hundreds of clicks per message instead of one. A publish that fails (the bus reconnecting) is
 * kept in memory and tried again, in order, up to `maxPending` clicks.
 */
export class ClickPublisher {
  private buffer: LinkClickedEvent[] = [];
  private readonly retry: LinkClicksEvent[] = [];
  private retrying = 0;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private inflight = new Set<Promise<void>>();
  dropped = 0;
  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly opts: { batch: number; flushMs: number; maxPending: number } = { batch: 1000, flushMs: 100, maxPending: 200_000 },
  ) {}

  publish(click: LinkClickedEvent): void {
    if (this.retrying + this.buffer.length >= this.opts.maxPending) {
      this.dropped++;
      if (this.dropped % 1000 === 1) this.logger.error({ dropped: this.dropped }, 'links: click buffer full, clicks dropped');
      return;
    }
    this.buffer.push(click);
    if (this.buffer.length >= this.opts.batch) this.flushNow();
    else this.timer ??= setTimeout(() => this.flushNow(), this.opts.flushMs);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length) return;
    const msg: LinkClicksEvent = { clicks: this.buffer };
    this.buffer = [];
    if (this.retry.length) return this.keep(msg);
    const p = this.bus.publish(LINK_CLICKS, msg, { id: msg.clicks[0]!.id }).catch(() => this.keep(msg));
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private keep(msg: LinkClicksEvent): void {
    this.retry.push(msg);
    this.retrying += msg.clicks.length;
    this.retryTimer ??= setTimeout(() => void this.drain(), 500);
  }

  private async drain(): Promise<void> {
    this.retryTimer = undefined;
    while (this.retry.length) {
      const msg = this.retry[0]!;
      try {
        await this.bus.publish(LINK_CLICKS, msg, { id: msg.clicks[0]!.id });
        this.retry.shift();
        this.retrying -= msg.clicks.length;
      } catch {
        this.retryTimer ??= setTimeout(() => void this.drain(), 1000);
        return;
      }
    }
  }

  /** Clicks not yet handed to the bus. */
  get pending(): number {
    return this.buffer.length + this.retrying;
  }

  /** Publishes what is gathered and waits (up to `timeoutMs`) for the retries to go out. */
  async flush(timeoutMs = 5000): Promise<void> {
    this.flushNow();
    await Promise.all([...this.inflight]);
    const until = Date.now() + timeoutMs;
    while (this.retry.length && Date.now() < until) {
      await this.drain();
      if (this.retry.length) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

export interface RedirectDeps {
  store: Store;
  clock: Clock;
  cache: SharedCache<LinkEntry | null>;
  salts: SaltKeeper;
  publisher: ClickPublisher;
  /** The offline country table, once loaded (clicks before have no country). */
  countries?: () => CountryTable | undefined;
}

const page = (status: number, ko: string, en: string) =>
  `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${status}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${ko}</h1><p lang="en">${en}</p></body></html>`;
const NOT_FOUND = page(404, '없는 링크입니다', 'This link does not exist.');
const GONE = page(410, '만료된 링크입니다', 'This link has expired.');
const UNAVAILABLE = page(503, '잠시 후 다시 시도해 주세요', 'Please try again in a moment.');

/** `GET /l/:code`: answers from memory (or one indexed lookup), publishes the click, never waits for it. */
export function redirectRoute(app: FastifyInstance, d: RedirectDeps): void {
  const db = tables<LinksTables>(d.store);
  const load = async (code: string): Promise<LinkEntry | null> => {
    const row = await db.selectFrom('links').select(['id', 'workspace_id', 'final_url', 'expires_at']).where('code', '=', code).executeTakeFirst();
    return row ? { id: row.id, workspaceId: row.workspace_id, finalUrl: row.final_url, expiresAt: row.expires_at ? new Date(row.expires_at).getTime() : null } : null;
  };
  const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const { code } = req.params as { code: string };
    if (!CODE_PATTERN.test(code)) return html(reply, 404, NOT_FOUND);
    let entry: LinkEntry | null;
    try {
      entry = await d.cache.get(code, () => load(code));
    } catch {
      return html(reply, 503, UNAVAILABLE);
    }
    if (!entry) return html(reply, 404, NOT_FOUND);
    const now = d.clock.now();
    if (entry.expiresAt !== null && entry.expiresAt <= now.getTime()) return html(reply, 410, GONE);
    const ua = req.headers['user-agent'];
    const bot = isBotAgent(ua);
    const salt = d.salts.current();
    const click: LinkClickedEvent = {
      id: crypto.randomUUID(),
      workspaceId: entry.workspaceId,
      linkId: entry.id,
      at: now.toISOString(),
      visitor: salt ? visitorHash(salt, req.ip, ua ?? '') : null,
      referrerHost: referrerHost(req.headers.referer),
      country: d.countries?.()?.lookup(req.ip) ?? null,
      device: deviceOf(ua, bot),
      bot,
      prefetch: req.method === 'HEAD' || isPrefetch(req.headers),
    };
    d.publisher.publish(click);
    return reply
      .status(302)
      .headers({ 'cache-control': 'no-store', location: withParam(entry.finalUrl, CLICK_PARAM, click.id) })
      .send();
  };
  app.get('/l/:code', { schema: { hide: true } }, handler);
}
