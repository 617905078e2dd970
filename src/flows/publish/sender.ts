/**
 * The publish flow: claims due variants from the publishing module, screens each again, checks crisis
 * mode and the 심의필's validity, then sends it exactly once through its channel adapter's `publish()`:
 * the idempotency record is written first, and a variant whose earlier claim lapsed with the record
 * present is reconciled with `findPublished()` before anything is sent again.
 */
import type { AdapterRegistry } from '../../channels/registry.js';
import { ChannelError, type PublishResult } from '../../channels/port.js';
import { systemActor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Logger } from '../../platform/log/log.js';
import type { AccountsService } from '../../modules/accounts/index.js';
import { BUILTIN_BLOG, reviewExpired, type DeliveryService, type DueVariant } from '../../modules/publishing/index.js';
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

  /** Claims and sends due variants until none is due; returns how many were handled. */
  async runDue(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const due = await this.d.delivery.claimDue(this.d.batch ?? 50, this.d.leaseMs ?? 60_000);
      if (!due.length) break;
      total += due.length;
      const queue = [...due];
      const workers = Array.from({ length: Math.min(this.d.concurrency ?? 8, queue.length) }, async () => {
        for (let v = queue.shift(); v; v = queue.shift()) await this.sendOne(v);
      });
      await Promise.all(workers);
    }
    return total;
  }

  async sendOne(v: DueVariant): Promise<void> {
    try {
      await this.deliver(v);
    } catch (err) {
      this.d.logger.error({ err, variantId: v.variantId }, 'publishing: send failed');
      await this.d.delivery.retryLater(v, this.backoff(v), (err as Error).message).catch(() => undefined);
    }
  }

  private backoff(v: DueVariant): number {
    return Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, v.attempts - 1));
  }

  private async deliver(v: DueVariant): Promise<void> {
    const d = this.d;
    const scope: Scope = { workspaceId: v.workspaceId, actor: { ...systemActor, label: 'system:publisher' }, role: 'admin', tokenScopes: null };
    if (v.postStatus !== 'approved') return d.delivery.failed(v, 'not_approved', `The post is ${v.postStatus}.`);
    const crisis = await d.crisisActive(v.workspaceId);
    if (crisis) return d.delivery.pause(v, 'crisis');
    if (v.stampRequired && (!v.reviewValidUntil || reviewExpired(v.reviewValidUntil, d.clock.now()))) return d.delivery.failed(v, 'review_expired', `The 심의필 expired on ${v.reviewValidUntil ?? '(none)'}.`);
    const screen = await d.screening.screen(scope, v.text, { channel: v.target, ...(v.product ? { product: v.product as Product } : {}), crisis });
    if (blocks(screen.findings)) {
      const rules = screen.findings.filter((f) => f.severity === 'block').map((f) => f.rule);
      return d.delivery.failed(v, 'screen_blocked', `Screen (rule set v${screen.ruleSetVersion}) blocks: ${[...new Set(rules)].join(', ')}`);
    }

    // ── The built-in blog (the blog module's face). The lead wires `blog` in the composition root after merging.
    if (v.target === BUILTIN_BLOG) {
      if (!d.blog) return d.delivery.failed(v, 'no_builtin_blog', 'The built-in blog is not available.');
      const begun = await d.delivery.begin(v);
      if (begun.kind === 'done') return d.delivery.published(v, begun, 'reconciled');
      // BlogService.publish is idempotent on the key, so a retry after a crash returns the first post.
      const html = `<p>${escapeHtml(v.text)
        .replace(/\n{2,}/g, '</p><p>')
        .replace(/\n/g, '<br>')}</p>`;
      const res = await d.blog.publish(scope, { title: v.title || v.text.slice(0, 60), html, text: v.text, idempotencyKey: v.idempotencyKey });
      return d.delivery.published(v, res, begun.kind === 'fresh' ? 'sent' : 'reconciled');
    }

    const row = v.accountId ? await d.accounts.byId(v.accountId) : undefined;
    if (!row || row.workspace_id !== v.workspaceId || row.status === 'disconnected') return d.delivery.failed(v, 'account_gone', 'The channel account is no longer connected.');
    const adapter = d.adapters.get(row.type);
    if (!adapter?.publish) return d.delivery.failed(v, 'cannot_publish', `${row.type} cannot publish.`);
    const account = await d.accounts.context(row);

    const begun = await d.delivery.begin(v);
    if (begun.kind === 'done') return d.delivery.published(v, begun, 'reconciled');
    if (begun.kind === 'reconcile') {
      // An earlier call may have reached the channel: ask before sending again.
      const found = adapter.findPublished ? await adapter.findPublished(account, v.target, v.idempotencyKey) : undefined;
      if (found) return d.delivery.published(v, found, 'reconciled');
      if (found === undefined) return d.delivery.failed(v, 'uncertain', 'An earlier attempt may have been published and the channel cannot tell; check it by hand.', 'unknown');
      await d.delivery.recall(v);
    }
    let result: PublishResult;
    try {
      result = await adapter.publish(account, { target: v.target, text: v.text, ...(v.title ? { title: v.title } : {}), media: v.media, idempotencyKey: v.idempotencyKey });
    } catch (err) {
      if (err instanceof ChannelError && !err.retryable) return d.delivery.failed(v, err.code, err.message);
      if (v.attempts >= MAX_ATTEMPTS) return d.delivery.failed(v, 'gave_up', (err as Error).message);
      const refused = err instanceof ChannelError && err.code === 'rate_limited';
      return d.delivery.retryLater(v, err instanceof ChannelError && err.retryAfterMs ? err.retryAfterMs : this.backoff(v), (err as Error).message, refused);
    }
    await d.delivery.published(v, result, 'sent');
  }
}
