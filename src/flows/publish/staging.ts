/**
 * Sending ahead of the slot. Ten thousand posts due in the same minute are mostly bookkeeping: claims,
 * the checks and the screen, the idempotency records. The sender does that for the variants due within
 * the next `aheadMs` (half a minute by default) before their slot and holds them; at the slot it asks
 * again only what can have changed — a crisis, the active rule set, the 심의필's last day — confirms the
 * claims that are still its own (`confirmStaged`: a person's edit, reschedule or stop-all in between puts
 * a staged variant back, a lapsed claim is taken over by another worker) and makes the calls. A staged
 * variant is never called before it is confirmed, so one that is put back or taken over can drop its
 * record without asking the channel.
 */
import { systemActor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Logger } from '../../platform/log/log.js';
import { reviewExpired, type BeginResult, type DeliveryService, type DueVariant } from '../../modules/publishing/index.js';
import { blocks, type Product, type ScreeningService } from '../../modules/screening/index.js';

export interface StagingDeps {
  delivery: DeliveryService;
  screening: ScreeningService;
  crisisActive: (workspaceId: string) => Promise<boolean>;
  clock: Clock;
  logger: Logger;
  leaseMs?: number;
  aheadMs?: number;
  maxStaged?: number;
}

/** What the sender needs of a checked variant here. */
export interface Staged {
  v: DueVariant;
  scope: Scope;
  ruleSetVersion: number;
}

export interface StagingHooks<R extends Staged> {
  /** The sender's checks for claimed variants, as at `at(v)` (their slot); the variants that may go. */
  prepare(due: DueVariant[], at: (v: DueVariant) => Date): Promise<R[]>;
  /** The calls and their outcomes; a claim is used for a call only until `deadline` (clock ms). */
  send(ready: R[], begun: Map<string, BeginResult>, deadline: number): Promise<void>;
}

const CLAIM_BATCH = 500;

export class Staging<R extends Staged> {
  /** Staged variants by slot (ms), with their begin results. */
  private readonly slots = new Map<number, { ready: R[]; begun: Map<string, BeginResult> }>();
  private held = 0;
  private timer: NodeJS.Timeout | undefined;
  private staging: Promise<void> | undefined;
  private stopped = false;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly d: StagingDeps,
    private readonly hooks: StagingHooks<R>,
  ) {}

  /** Claims, checks and records the variants of the next slots (one pass at a time); arms the timer of the nearest. */
  stageAhead(): Promise<void> {
    if (!this.d.aheadMs || this.stopped) return Promise.resolve();
    this.staging ??= this.stageLoop().finally(() => {
      this.staging = undefined;
    });
    return this.staging;
  }

  private async stageLoop(): Promise<void> {
    const d = this.d;
    const max = d.maxStaged ?? 20_000;
    while (!this.stopped && this.held < max) {
      const due = await d.delivery.claimAhead(Math.min(CLAIM_BATCH, max - this.held), d.aheadMs!, d.leaseMs ?? 60_000);
      if (!due.length) break;
      const ready = await this.hooks.prepare(due, (v) => new Date(Date.parse(v.dueAt)));
      if (!ready.length) continue;
      let begun: Map<string, BeginResult>;
      try {
        begun = await d.delivery.beginMany(ready.map((r) => r.v));
      } catch (err) {
        d.logger.error({ err }, 'publishing: could not record staged variants; they go back on the schedule');
        await d.delivery.releaseStaged(ready.map((r) => r.v.variantId)).catch(() => undefined);
        continue;
      }
      for (const r of ready) {
        const at = Date.parse(r.v.dueAt);
        const slot = this.slots.get(at) ?? { ready: [] as R[], begun: new Map<string, BeginResult>() };
        slot.ready.push(r);
        slot.begun.set(r.v.variantId, begun.get(r.v.variantId) ?? { kind: 'reconcile', calls: 1 });
        this.slots.set(at, slot);
        this.held++;
      }
      if (this.stopped) return void (await this.releaseAll());
      this.arm();
    }
  }

  /** Sends the staged variants whose slot has come (by the clock); resolves when their sends have finished. */
  fireDue(): Promise<void> {
    const now = this.d.clock.now().getTime();
    const ready: R[] = [];
    const begun = new Map<string, BeginResult>();
    for (const [at, slot] of [...this.slots].sort((a, b) => a[0] - b[0])) {
      if (at > now) break;
      this.slots.delete(at);
      this.held -= slot.ready.length;
      ready.push(...slot.ready);
      for (const [k, b] of slot.begun) begun.set(k, b);
    }
    this.arm();
    if (!ready.length) return Promise.all(this.inflight).then(() => undefined);
    const p = this.fire(ready, begun)
      .catch((err: unknown) => this.d.logger.error({ err }, 'publishing: staged send failed (the claims lapse and are taken over)'))
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    return p;
  }

  /** No more staging; what is held goes back on the schedule, sends under way finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.staging;
    await this.releaseAll();
    await Promise.all(this.inflight);
  }

  private async releaseAll(): Promise<void> {
    const ids = [...this.slots.values()].flatMap((s) => s.ready.map((r) => r.v.variantId));
    this.slots.clear();
    this.held = 0;
    if (ids.length) await this.d.delivery.releaseStaged(ids).catch((err: unknown) => this.d.logger.error({ err }, 'publishing: staged variants not released (their claims lapse)'));
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || !this.slots.size) return;
    const next = Math.min(...this.slots.keys());
    this.timer = setTimeout(() => void this.fireDue(), Math.max(0, next - this.d.clock.now().getTime()));
    this.timer.unref?.();
  }

  /** At the slot: what can have changed since staging, then the confirmed claims go to the channel. */
  private async fire(ready: R[], begun: Map<string, BeginResult>): Promise<void> {
    const d = this.d;
    const byWorkspace = new Map<string, R[]>();
    for (const r of ready) byWorkspace.set(r.v.workspaceId, [...(byWorkspace.get(r.v.workspaceId) ?? []), r]);
    const go: R[] = [];
    const now = d.clock.now();
    for (const [workspaceId, list] of byWorkspace) {
      if (await d.crisisActive(workspaceId)) {
        await d.delivery.pauseStaged(
          list.map((r) => r.v),
          'crisis',
        );
        continue;
      }
      const scope: Scope = { workspaceId, actor: { ...systemActor, label: 'system:publisher' }, role: 'admin', tokenScopes: null };
      const version = await d.screening.activeVersion(scope);
      const stale = list.filter((r) => r.ruleSetVersion !== version);
      // Another rule set was activated since the screen ran ahead: it runs again under the active one.
      const results = stale.length
        ? await d.screening.screenMany(
            scope,
            stale.map(({ v }) => ({ text: v.screenText, context: { channel: v.target, ...(v.product ? { product: v.product as Product } : {}), crisis: false } })),
          )
        : [];
      const blocked = new Map(stale.map((r, i) => [r.v.variantId, results[i]!] as const).filter(([, res]) => blocks(res.findings)));
      for (const r of list) {
        const res = blocked.get(r.v.variantId);
        if (res) {
          const rules = [...new Set(res.findings.filter((f) => f.severity === 'block').map((f) => f.rule))];
          await d.delivery.failed(r.v, 'screen_blocked', `Screen (rule set v${res.ruleSetVersion}) blocks: ${rules.join(', ')}`);
        } else if (r.v.stampRequired && reviewExpired(r.v.reviewValidUntil, now)) await d.delivery.failed(r.v, 'review_expired', `The 심의필 expired on ${r.v.reviewValidUntil ?? '(none)'}.`);
        else go.push(r);
      }
    }
    const confirmed = await d.delivery.confirmStaged(go.map((r) => r.v.variantId));
    const mine = go.filter((r) => confirmed.has(r.v.variantId));
    if (mine.length) await this.hooks.send(mine, begun, d.clock.now().getTime() + (d.leaseMs ?? 60_000) / 2);
  }
}
