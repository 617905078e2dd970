/**
 * The publish flow: claims due variants from the publishing module, screens each again, checks crisis
 * mode and the 심의필's validity, then sends it exactly once through its channel adapter's `publish()`:
 * the idempotency record is written first, and a variant whose earlier claim lapsed with the record
 * present is reconciled with `findPublished()` before anything is sent again.
 */
import type { AdapterRegistry } from '../../channels/registry.js';
import { ChannelError, type AccountContext, type ChannelAdapter, type PublishResult } from '../../channels/port.js';
import { systemActor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Logger } from '../../platform/log/log.js';
import type { AccountsService } from '../../modules/accounts/index.js';
import { BUILTIN_BLOG, reviewExpired, type BeginResult, type DeliveryService, type DueVariant } from '../../modules/publishing/index.js';
import { blocks, type Product, type ScreeningService } from '../../modules/screening/index.js';

/** The built-in blog served by Sotong (the `blog` module's face), wired by the composition root when present. */
export interface BuiltinBlog {
  publish(scope: Scope, post: { title: string; html: string; text: string; idempotencyKey: string }): Promise<{ nativeId: string; url: string }>;
}

export interface PublishSenderDeps {
  delivery: DeliveryService;
  accounts: AccountsService;
  adapters: AdapterRegistry;
  screening: ScreeningService;
  crisisActive: (workspaceId: string) => Promise<boolean>;
  clock: Clock;
  logger: Logger;
  blog?: BuiltinBlog;
  /** How long a claim holds before another worker may take the variant over (and reconcile). */
  leaseMs?: number;
  /** Variants claimed per round. */
  batch?: number;
  /** Variants sent at the same time. */
  concurrency?: number;
}

const MAX_ATTEMPTS = 6;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class PublishSender {
  constructor(private readonly d: PublishSenderDeps) {}

  /**
   * Claims and sends due variants until none is due; returns how many were handled. The checks of the
   * next batch run while the calls of the previous one are out.
   */
  async runDue(maxRounds = 1000): Promise<number> {
    let total = 0;
    let out: Promise<void> | undefined;
    for (let i = 0; i < maxRounds; i++) {
      const due = await this.d.delivery.claimDue(this.d.batch ?? 100, this.d.leaseMs ?? 60_000);
      if (!due.length) break;
      total += due.length;
      const ready = await this.prepareBatch(due);
      await out;
      out = this.deliverReady(ready).catch((err) => this.d.logger.error({ err }, 'publishing: batch failed')); // claims lapse; the next round reconciles
    }
    await out;
    return total;
  }

  /** One claimed batch: checks, the idempotency records in one transaction, the calls, the outcomes in one transaction. */
  async sendBatch(due: DueVariant[]): Promise<void> {
    await this.deliverReady(await this.prepareBatch(due));
  }

  private async prepareBatch(due: DueVariant[]): Promise<Ready[]> {
    const caches: Caches = { crisis: new Map(), accounts: new Map() };
    const ready: Ready[] = [];
    for (const v of due) {
      try {
        const r = await this.prepare(v, caches);
        if (r) ready.push(r);
      } catch (err) {
        this.d.logger.error({ err, variantId: v.variantId }, 'publishing: check failed');
        await this.d.delivery.retryLater(v, this.backoff(v), (err as Error).message).catch(() => undefined);
      }
    }
    return ready;
  }

  private async deliverReady(ready: Ready[]): Promise<void> {
    if (!ready.length) return;
    const begun = await this.d.delivery.beginMany(ready.map((r) => r.v));
    const sent: Sent[] = [];
    const queue = [...ready];
    const workers = Array.from({ length: Math.min(this.d.concurrency ?? 8, queue.length) }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          const out = await this.call(r, begun.get(r.v.variantId) ?? { kind: 'reconcile', calls: 1 });
          if (out) sent.push(out);
        } catch (err) {
          this.d.logger.error({ err, variantId: r.v.variantId }, 'publishing: send failed');
          await this.d.delivery.retryLater(r.v, this.backoff(r.v), (err as Error).message).catch(() => undefined);
        }
      }
    });
    await Promise.all(workers);
    await this.d.delivery.publishedMany(sent.map((x) => ({ v: x.v, result: x.result, how: x.how })));
  }

  /** One variant on its own (tests, retries). */
  async sendOne(v: DueVariant): Promise<void> {
    await this.sendBatch([v]);
  }

  private backoff(v: DueVariant): number {
    return Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, v.attempts - 1));
  }

  /** The checks before a call; undefined when the variant was handled (failed, paused) here. */
  private async prepare(v: DueVariant, caches: Caches): Promise<Ready | undefined> {
    const d = this.d;
    const scope: Scope = { workspaceId: v.workspaceId, actor: { ...systemActor, label: 'system:publisher' }, role: 'admin', tokenScopes: null };
    if (v.postStatus !== 'approved') return void (await d.delivery.failed(v, 'not_approved', `The post is ${v.postStatus}.`));
    let crisis = caches.crisis.get(v.workspaceId);
    if (crisis === undefined) caches.crisis.set(v.workspaceId, (crisis = await d.crisisActive(v.workspaceId)));
    if (crisis) return void (await d.delivery.pause(v, 'crisis'));
    if (v.stampRequired && (!v.reviewValidUntil || reviewExpired(v.reviewValidUntil, d.clock.now()))) return void (await d.delivery.failed(v, 'review_expired', `The 심의필 expired on ${v.reviewValidUntil ?? '(none)'}.`));
    const screen = await d.screening.screen(scope, v.screenText, { channel: v.target, ...(v.product ? { product: v.product as Product } : {}), crisis });
    if (blocks(screen.findings)) {
      const rules = screen.findings.filter((f) => f.severity === 'block').map((f) => f.rule);
      return void (await d.delivery.failed(v, 'screen_blocked', `Screen (rule set v${screen.ruleSetVersion}) blocks: ${[...new Set(rules)].join(', ')}`));
    }
    if (v.target === BUILTIN_BLOG) {
      if (!d.blog) return void (await d.delivery.failed(v, 'no_builtin_blog', 'The built-in blog is not available.'));
      return { v, scope };
    }
    if (!v.accountId) return void (await d.delivery.failed(v, 'account_gone', 'The variant names no account.'));
    let acc = caches.accounts.get(v.accountId);
    if (acc === undefined) {
      const row = await d.accounts.byId(v.accountId);
      const adapter = row ? d.adapters.get(row.type) : undefined;
      acc = row && row.workspace_id === v.workspaceId && row.status !== 'disconnected' && adapter ? { adapter, account: await d.accounts.context(row) } : null;
      caches.accounts.set(v.accountId, acc);
    }
    if (!acc) return void (await d.delivery.failed(v, 'account_gone', 'The channel account is no longer connected.'));
    if (!acc.adapter.publish) return void (await d.delivery.failed(v, 'cannot_publish', `${acc.adapter.type} cannot publish.`));
    return { v, scope, ...acc };
  }

  /** The call itself, after the record: reconcile first when an earlier call may have gone out. */
  private async call(r: Ready, begun: BeginResult): Promise<Sent | undefined> {
    const d = this.d;
    const v = r.v;
    if (begun.kind === 'done') return { v, result: { nativeId: begun.nativeId, ...(begun.url ? { url: begun.url } : {}) }, how: 'reconciled' };

    // ── The built-in blog (the blog module's face). The lead wires `blog` in the composition root after merging.
    if (v.target === BUILTIN_BLOG) {
      // BlogService.publish is idempotent on the key, so a retry after a crash returns the first post.
      const html = `<p>${escapeHtml(v.text)
        .replace(/\n{2,}/g, '</p><p>')
        .replace(/\n/g, '<br>')}</p>`;
      const res = await d.blog!.publish(r.scope, { title: v.title || v.text.slice(0, 60), html, text: v.text, idempotencyKey: v.idempotencyKey });
      return { v, result: res, how: begun.kind === 'fresh' ? 'sent' : 'reconciled' };
    }

    const adapter = r.adapter!;
    const account = r.account!;
    if (begun.kind === 'reconcile') {
      // An earlier call may have reached the channel: ask before sending again.
      const found = adapter.findPublished ? await adapter.findPublished(account, v.target, v.idempotencyKey) : undefined;
      if (found) return { v, result: found, how: 'reconciled' };
      if (found === undefined) return void (await d.delivery.failed(v, 'uncertain', 'An earlier attempt may have been published and the channel cannot tell; check it by hand.', 'unknown'));
      await d.delivery.recall(v);
    }
    let result: PublishResult;
    try {
      result = await adapter.publish!(account, { target: v.target, text: v.text, ...(v.title ? { title: v.title } : {}), media: v.media, idempotencyKey: v.idempotencyKey });
    } catch (err) {
      if (err instanceof ChannelError && !err.retryable) return void (await d.delivery.failed(v, err.code, err.message));
      if (v.attempts >= MAX_ATTEMPTS) return void (await d.delivery.failed(v, 'gave_up', (err as Error).message));
      const refused = err instanceof ChannelError && err.code === 'rate_limited';
      return void (await d.delivery.retryLater(v, err instanceof ChannelError && err.retryAfterMs ? err.retryAfterMs : this.backoff(v), (err as Error).message, refused));
    }
    return { v, result, how: 'sent' };
  }
}

interface Caches {
  crisis: Map<string, boolean>;
  accounts: Map<string, { adapter: ChannelAdapter; account: AccountContext } | null>;
}
interface Ready {
  v: DueVariant;
  scope: Scope;
  adapter?: ChannelAdapter;
  account?: AccountContext;
}
interface Sent {
  v: DueVariant;
  result: PublishResult;
  how: 'sent' | 'reconciled';
}
