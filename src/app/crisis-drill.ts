/**
 * Crisis drill for the demo workspace: replays the scripted login-outage spike (src/demo/dataset/spike.ts)
 * through the real write path at a high rate, then runs the crisis check a few times while the pipeline
 * enriches and matches the posts, so the alert, its e-mail and webhook deliveries and the dashboards'
 * drill-down show up within seconds instead of at the next minute's check. Only the demo workspace has
 * demo accounts and fictional posts, so only it can run a drill (409 elsewhere).
 */
import type { Replayer } from '../demo/replay.js';
import { spikeScenario } from '../demo/dataset/index.js';
import { conflict } from '../platform/errors.js';
import { tables } from '../platform/db/store.js';
import { appendAudit } from '../modules/audit/index.js';
import { assertCan, type Scope } from '../platform/access/scope.js';
import { demoWorkspaceId } from './demo.js';
import { demoReplayer } from './demo-replay.js';
import type { Services } from './services.js';
import type { DrillState } from '../contracts/listening.js';

export type { DrillState };

/**
 * After the last spike post is sent: when to run the crisis check (ms), as matching catches up; on a
 * loaded machine matching can take a minute or more, so the checks go on for two.
 */
const CHECKS_MS = [2_000, 5_000, 10_000, 20_000, 40_000, 60_000, 90_000, 120_000];

export class CrisisDrill {
  /** Per workspace: one workspace's drill is nobody else's business (issue #14, finding 10). */
  private readonly running = new Map<string, { replayer: Replayer; startedAt: Date; done: Promise<void> }>();
  private closed = false;

  constructor(private readonly s: Services) {}

  async state(scope: Scope): Promise<DrillState> {
    assertCan(scope, 'listening.read');
    const mine = this.running.get(scope.workspaceId);
    return { available: (await demoWorkspaceId(this.s)) === scope.workspaceId, running: mine !== undefined, posts: spikeScenario.length, startedAt: mine?.startedAt.toISOString() ?? null };
  }

  /** Starts a drill; the posts go out over `durationSeconds` (0 = all at once). */
  async start(scope: Scope, input: { durationSeconds?: number }): Promise<{ drill: DrillState & { durationSeconds: number } }> {
    assertCan(scope, 'listening.manage');
    if ((await demoWorkspaceId(this.s)) !== scope.workspaceId) throw conflict('demo.not_demo_workspace', 'A crisis drill runs only in the demo workspace (it replays fictional posts).');
    if (this.running.has(scope.workspaceId)) throw conflict('demo.drill_running', 'A crisis drill is already running; wait until it ends.');
    const durationSeconds = input.durationSeconds ?? 30;
    const now = this.s.clock.now();
    await tables(this.s.store)
      .transaction()
      .execute((trx) =>
        appendAudit(trx as unknown as Parameters<typeof appendAudit>[0], {
          workspaceId: scope.workspaceId,
          actor: scope.actor,
          action: 'demo.crisis_drill',
          targetType: 'workspace',
          targetId: scope.workspaceId,
          after: { posts: spikeScenario.length, durationSeconds },
          at: now,
        }),
      );
    const replayer = demoReplayer(this.s, scope.workspaceId, 1);
    const posts = replayer.injectSpike({ durationMs: durationSeconds * 1000 });
    const drill = { available: true, running: true, posts, startedAt: now.toISOString(), durationSeconds };
    const entry = { replayer, startedAt: now, done: Promise.resolve() };
    this.running.set(scope.workspaceId, entry);
    entry.done = this.follow(replayer).finally(() => {
      this.running.delete(scope.workspaceId);
    });
    return { drill };
  }

  /** Waits for the spike to be sent, then checks for spikes while the posts are matched. */
  private async follow(replayer: Replayer): Promise<void> {
    try {
      while (!this.closed && replayer.progress().spikePending > 0) await sleep(250);
      await replayer.stop(); // waits for the ingest in flight
      let waited = 0;
      for (const at of CHECKS_MS) {
        await sleep(at - waited);
        waited = at;
        if (this.closed) return;
        await this.s.listening.detector.run();
      }
    } catch (err) {
      if (!this.closed) this.s.logger.warn({ err }, 'crisis drill: a step failed');
    }
  }

  /** Stops a running drill (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.running.values()];
    await Promise.all(all.map((r) => r.replayer.stop()));
    await Promise.all(all.map((r) => r.done));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });
}
