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
import { blocks, type Product, type ScreeningService, type ScreenResult } from '../../modules/screening/index.js';
import { Lanes } from './lanes.js';
import { Staging } from './staging.js';

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
  /** Channel accounts sent to at the same time (each account's posts go one after the other, in slot order). */
  concurrency?: number;
  /** How long one run keeps claiming (real time; it then finishes what it claimed and the next run goes on). */
  budgetMs?: number;
  /**
   * How far ahead of their slot variants are claimed, checked and recorded (0: not at all), so that at
   * the slot only the calls remain; see `stageAhead`.
   */
  aheadMs?: number;
  /** Variants held staged at most (the rest are staged as the slots come nearer). */
  maxStaged?: number;
}

const MAX_ATTEMPTS = 6;
/** How long a connected account's context is reused between claims. */
const ACCOUNT_TTL_MS = 5_000;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class PublishSender {
  private readonly accountCache = new Map<string, { at: number; value: Promise<Account | null> }>();
  private readonly staging: Staging<Ready>;
  constructor(private readonly d: PublishSenderDeps) {
    this.staging = new Staging<Ready>(d, {
      prepare: (due, at) => this.prepareBatch(due, at),
      send: (ready, begun, deadline) => this.sendReady(ready, begun, deadline),
    });
  }

  /** Stops sending ahead: staged variants not yet at their slot go back on the schedule; sends under way finish. */
  stop(): Promise<void> {
    return this.staging.stop();
  }

  /**
   * Claims and sends due variants until none is due (or the run's budget is spent); returns how many
   * were claimed. Each account's posts go out one after the other in slot order, up to `concurrency`
   * accounts at a time; the next batch is claimed, checked and recorded while the calls of the previous
   * ones are out, and the outcomes are recorded in batches as they come back.
   */
  async runDue(maxRounds = 1000): Promise<number> {
    const batch = this.d.batch ?? 200;
    const leaseMs = this.d.leaseMs ?? 60_000;
    const budgetMs = this.d.budgetMs ?? 20_000;
    const started = performance.now();
    const lanes = new Lanes(this.d.concurrency ?? 32);
    const outcomes = new Outcomes(this.d.delivery, this.d.logger);
    const held = new Map<string, Hold>();
    let total = 0;
    // Staged variants whose slot has come (their timer may be behind a test's clock) go first.
    await this.staging.fireDue();
    try {
      for (let i = 0; i < maxRounds && performance.now() - started < budgetMs; i++) {
        await lanes.below(batch);
        // A small first batch: the first calls go out sooner after the slot.
        const due = await this.d.delivery.claimDue(i === 0 ? Math.min(batch, 50) : batch, leaseMs);
        if (!due.length) break;
        total += due.length;
        // A claim is only used while it has half its lease left (no other worker can have taken it over).
        const deadline = this.d.clock.now().getTime() + leaseMs / 2;
        const ready = await this.prepareBatch(due);
        if (!ready.length) continue;
        let begun: Map<string, BeginResult>;
        try {
          begun = await this.d.delivery.beginMany(ready.map((r) => r.v));
        } catch (err) {
          this.d.logger.error({ err }, 'publishing: could not record a batch before sending'); // claims lapse; the next run reconciles
          continue;
        }
        for (const r of ready) {
          const lane = r.v.accountId ?? `target:${r.v.target}`;
          lanes.push(lane, () => this.deliver(r, begun.get(r.v.variantId) ?? { kind: 'reconcile', calls: 1 }, { lane, deadline, held, outcomes }));
        }
      }
    } finally {
      await lanes.idle();
      await outcomes.flush();
    }
    // The variants of the next slots: checked and recorded now, called at their slot.
    await this.staging.stageAhead();
    return total;
  }

  /** One claimed batch on its own: checks, the idempotency records in one transaction, the calls, the outcomes. */
  async sendBatch(due: DueVariant[]): Promise<void> {
    const ready = await this.prepareBatch(due);
    if (!ready.length) return;
    const begun = await this.d.delivery.beginMany(ready.map((r) => r.v));
    await this.sendReady(ready, begun, Number.POSITIVE_INFINITY);
  }

  /** Checked and recorded variants: the calls, each account's in its lane, and the outcomes. */
  private async sendReady(ready: Ready[], begun: Map<string, BeginResult>, deadline: number): Promise<void> {
    const lanes = new Lanes(this.d.concurrency ?? 32);
    const outcomes = new Outcomes(this.d.delivery, this.d.logger);
    // The calls come first while others wait their turn: the outcomes of channels that can be asked what
    // was published under a key (so a crash before the record costs a question, not a guess) wait for
    // larger batches.
    const later = new Outcomes(this.d.delivery, this.d.logger, () => lanes.waiting > 0);
    const ctx = { deadline, held: new Map<string, Hold>(), outcomes, later };
    for (const r of ready) {
      const lane = r.v.accountId ?? `target:${r.v.target}`;
      lanes.push(lane, () => this.deliver(r, begun.get(r.v.variantId) ?? { kind: 'reconcile', calls: 1 }, { ...ctx, lane }));
    }
    await lanes.idle();
    await Promise.all([outcomes.flush(), later.flush()]);
  }

  /** One variant on its own (tests, retries). */
  async sendOne(v: DueVariant): Promise<void> {
    await this.sendBatch([v]);
  }

  private backoff(v: DueVariant): number {
    return Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, v.attempts - 1));
  }

  /** A variant's turn in its account's lane. */
  private async deliver(r: Ready, begun: BeginResult, ctx: LaneContext): Promise<void> {
    const v = r.v;
    try {
      // Nothing was called under a record this worker wrote itself (`fresh`): the record can go.
      const sentNothing = begun.kind === 'fresh';
      const hold = ctx.held.get(ctx.lane);
      if (hold && begun.kind !== 'done') return void (await this.d.delivery.retryLater(v, hold.delayMs + hold.n++, hold.message, sentNothing));
      if (begun.kind !== 'done' && this.d.clock.now().getTime() > ctx.deadline) return void (await this.d.delivery.retryLater(v, 0, 'claim ran short before its turn', sentNothing));
      const out = await this.call(r, begun, ctx);
      if (out) (ctx.later && (r.adapter?.findPublished || v.target === BUILTIN_BLOG) ? ctx.later : ctx.outcomes).add(out);
    } catch (err) {
      this.d.logger.error({ err, variantId: v.variantId }, 'publishing: send failed');
      await this.d.delivery.retryLater(v, this.backoff(v), (err as Error).message).catch(() => undefined);
    }
  }

  /** The checks before a call, for a claimed batch (one read of the rule set per workspace); the variants that may go. */
  private async prepareBatch(due: DueVariant[], at?: (v: DueVariant) => Date): Promise<Ready[]> {
    const d = this.d;
    const crisis = new Map<string, boolean>();
    const screenable: Array<{ v: DueVariant; scope: Scope }> = [];
    for (const v of due) {
      try {
        const scope: Scope = { workspaceId: v.workspaceId, actor: { ...systemActor, label: 'system:publisher' }, role: 'admin', tokenScopes: null };
        if (v.postStatus !== 'approved') {
          await d.delivery.failed(v, 'not_approved', `The post is ${v.postStatus}.`);
          continue;
        }
        if (!crisis.has(v.workspaceId)) crisis.set(v.workspaceId, await d.crisisActive(v.workspaceId));
        if (crisis.get(v.workspaceId)) {
          await d.delivery.pause(v, 'crisis');
          continue;
        }
        if (v.stampRequired && (!v.reviewValidUntil || reviewExpired(v.reviewValidUntil, at?.(v) ?? d.clock.now()))) {
          await d.delivery.failed(v, 'review_expired', `The 심의필 expired on ${v.reviewValidUntil ?? '(none)'}.`);
          continue;
        }
        screenable.push({ v, scope });
      } catch (err) {
        this.d.logger.error({ err, variantId: v.variantId }, 'publishing: check failed');
        await d.delivery.retryLater(v, this.backoff(v), (err as Error).message).catch(() => undefined);
      }
    }
    const ready: Ready[] = [];
    const byWorkspace = new Map<string, typeof screenable>();
    for (const x of screenable) byWorkspace.set(x.v.workspaceId, [...(byWorkspace.get(x.v.workspaceId) ?? []), x]);
    for (const list of byWorkspace.values()) {
      let results: ScreenResult[];
      try {
        // The screen runs again (the active rule set may have changed since approval).
        results = await d.screening.screenMany(
          list[0]!.scope,
          list.map(({ v }) => ({ text: v.screenText, context: { channel: v.target, ...(v.product ? { product: v.product as Product } : {}), crisis: false } })),
        );
      } catch (err) {
        this.d.logger.error({ err }, 'publishing: screen failed');
        for (const { v } of list) await d.delivery.retryLater(v, this.backoff(v), (err as Error).message).catch(() => undefined);
        continue;
      }
      for (const [i, { v, scope }] of list.entries()) {
        try {
          const r = await this.afterScreen(v, scope, results[i]!);
          if (r) ready.push(r);
        } catch (err) {
          this.d.logger.error({ err, variantId: v.variantId }, 'publishing: check failed');
          await d.delivery.retryLater(v, this.backoff(v), (err as Error).message).catch(() => undefined);
        }
      }
    }
    return ready;
  }

  /** The rest of the checks; undefined when the variant was handled (failed) here. */
  private async afterScreen(v: DueVariant, scope: Scope, screen: ScreenResult): Promise<Ready | undefined> {
    const d = this.d;
    if (blocks(screen.findings)) {
      const rules = screen.findings.filter((f) => f.severity === 'block').map((f) => f.rule);
      return void (await d.delivery.failed(v, 'screen_blocked', `Screen (rule set v${screen.ruleSetVersion}) blocks: ${[...new Set(rules)].join(', ')}`));
    }
    if (v.target === BUILTIN_BLOG) {
      if (!d.blog) return void (await d.delivery.failed(v, 'no_builtin_blog', 'The built-in blog is not available.'));
      return { v, scope, ruleSetVersion: screen.ruleSetVersion };
    }
    if (!v.accountId) return void (await d.delivery.failed(v, 'account_gone', 'The variant names no account.'));
    const acc = await this.account(v.accountId, v.workspaceId);
    if (!acc) return void (await d.delivery.failed(v, 'account_gone', 'The channel account is no longer connected.'));
    if (!acc.adapter.publish) return void (await d.delivery.failed(v, 'cannot_publish', `${acc.adapter.type} cannot publish.`));
    // The adapter's measure declares a target that takes no post without an image (Instagram): refused here, not by the channel.
    if (!v.media.length && acc.adapter.measure?.('', v.target).imageRequired) return void (await d.delivery.failed(v, 'image_required', 'This channel publishes no post without an image.'));
    return { v, scope, ruleSetVersion: screen.ruleSetVersion, ...acc };
  }

  /** The account's adapter and context (credentials opened), reused for a few seconds. */
  private account(accountId: string, workspaceId: string): Promise<Account | null> {
    const now = performance.now();
    const hit = this.accountCache.get(accountId);
    if (hit && now - hit.at < ACCOUNT_TTL_MS) return hit.value.then((a) => (a && a.workspaceId === workspaceId ? a : null));
    if (this.accountCache.size > 1000) this.accountCache.clear();
    const value = (async (): Promise<Account | null> => {
      const row = await this.d.accounts.byId(accountId);
      const adapter = row ? this.d.adapters.get(row.type) : undefined;
      return row && row.status !== 'disconnected' && adapter ? { adapter, account: await this.d.accounts.context(row), workspaceId: row.workspace_id } : null;
    })();
    value.catch(() => this.accountCache.delete(accountId));
    this.accountCache.set(accountId, { at: now, value });
    return value.then((a) => (a && a.workspaceId === workspaceId ? a : null));
  }

  /** The call itself, after the record: reconcile first when an earlier call may have gone out. */
  private async call(r: Ready, begun: BeginResult, ctx: LaneContext): Promise<Sent | undefined> {
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
      const delayMs = err instanceof ChannelError && err.retryAfterMs ? err.retryAfterMs : this.backoff(v);
      // The account's limit: its other posts of this run wait as long, in their order (other accounts go on).
      if (refused) ctx.held.set(ctx.lane, { delayMs, n: 1, message: (err as Error).message });
      return void (await d.delivery.retryLater(v, delayMs, (err as Error).message, refused));
    }
    return { v, result, how: 'sent' };
  }
}

interface Account {
  adapter: ChannelAdapter;
  account: AccountContext;
  workspaceId: string;
}
export interface Ready {
  v: DueVariant;
  scope: Scope;
  /** The rule set the variant was screened under (the screen runs again at the slot if another is active then). */
  ruleSetVersion: number;
  adapter?: ChannelAdapter;
  account?: AccountContext;
}
interface Sent {
  v: DueVariant;
  result: PublishResult;
  how: 'sent' | 'reconciled';
}
/** An account that answered "rate limited" in this run: its next posts go back on the schedule, in order. */
interface Hold {
  delayMs: number;
  n: number;
  message: string;
}
interface LaneContext {
  lane: string;
  /** After this (clock ms) a claim is not used for a call. */
  deadline: number;
  held: Map<string, Hold>;
  outcomes: Outcomes;
  /** Outcomes that may wait for the burst to pass (see Outcomes). */
  later?: Outcomes;
}

/**
 * The outcomes of the calls, recorded in batches as they come back: one transaction at a time, at most
 * `waitMs` after the first outcome waiting in it or once `max` wait (fewer, larger transactions leave the
 * store to the claims and the records of the next batches). While `calling()` says calls wait their turn
 * (a slot's burst), outcomes gather for up to `holdMs` and `burstMax`: the store shares the process with
 * the calls, and a call that waits is lag after the slot, a record that waits is not (the idempotency
 * record written before each call covers a crash in between).
 */
class Outcomes {
  private list: Sent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private firstAt = 0;
  constructor(
    private readonly delivery: DeliveryService,
    private readonly logger: Logger,
    private readonly calling: () => boolean = () => false,
    private readonly max = 500,
    private readonly waitMs = 200,
    private readonly burstMax = 10_000,
    private readonly holdMs = 10_000,
  ) {}

  add(s: Sent): void {
    if (!this.list.length) this.firstAt = performance.now();
    this.list.push(s);
    if (this.list.length >= (this.calling() ? this.burstMax : this.max)) this.kick();
    else if (!this.busy) this.timer ??= setTimeout(() => this.due(), this.waitMs);
  }

  /** The wait is over, unless calls still wait their turn and the outcomes have not waited `holdMs`. */
  private due(): void {
    this.timer = undefined;
    if (this.calling() && performance.now() - this.firstAt < this.holdMs) this.timer = setTimeout(() => this.due(), this.waitMs);
    else this.kick();
  }

  async flush(): Promise<void> {
    while (this.busy || this.list.length) {
      if (!this.busy) this.kick();
      await this.busy;
    }
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy || !this.list.length) return;
    const list = this.list.splice(0, this.calling() ? this.burstMax : this.max);
    this.firstAt = performance.now();
    // Should recording fail, the claims lapse and the next run reconciles with the channel: nothing is sent twice.
    this.busy = this.delivery
      .publishedMany(list)
      .catch((err: unknown) => this.logger.error({ err, n: list.length }, 'publishing: outcomes not recorded'))
      .finally(() => {
        this.busy = undefined;
        if (this.list.length) this.timer ??= setTimeout(() => this.due(), this.waitMs);
      });
  }
}
