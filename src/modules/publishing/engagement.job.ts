/**
 * The engagement job (`publishing.engagement`): claims the published variants whose next pull is due and
 * asks each one's channel adapter for its figures (`engagement()`), a few accounts at a time. A channel
 * that does not tell (no `engagement`) or refuses for good stops the following; a passing failure is
 * tried again later.
 */
import { ChannelError } from '../../channels/port.js';
import type { Logger } from '../../platform/log/log.js';
import type { Scope } from '../../platform/access/scope.js';
import type { PublishingDeps } from './posts.service.js';
import type { EngagementDue, EngagementService } from './engagement.service.js';

export const PUBLISH_ENGAGEMENT_JOB = 'publishing.engagement';

/** Pulls every due figure (up to `rounds` claims of `batch`); returns how many were pulled. */
export async function pullEngagement(d: PublishingDeps, engagement: EngagementService, opts: { batch?: number; rounds?: number; logger?: Logger } = {}): Promise<number> {
  let done = 0;
  for (let round = 0; round < (opts.rounds ?? 10); round++) {
    const due = await engagement.claimDue(opts.batch ?? 100);
    if (!due.length) break;
    // Four at a time: the channels' rate limits are per account, and this is background work.
    for (let i = 0; i < due.length; i += 4) await Promise.all(due.slice(i, i + 4).map((x) => pullOne(d, engagement, x, opts.logger)));
    done += due.length;
  }
  return done;
}

/** "Read it now" for one post (a person's button): its published variants' figures, the cadence unchanged. */
export async function refreshPost(d: PublishingDeps, engagement: EngagementService, scope: Scope, postId: string): Promise<number> {
  const due = await engagement.claimPost(scope, postId);
  await Promise.all(due.map((x) => pullOne(d, engagement, x)));
  return due.length;
}

async function pullOne(d: PublishingDeps, engagement: EngagementService, due: EngagementDue, logger?: Logger): Promise<void> {
  try {
    const row = due.accountId ? await d.accounts.byId(due.accountId) : undefined;
    const adapter = row ? d.adapters.get(row.type) : undefined;
    if (!row || row.workspace_id !== due.workspaceId || row.status === 'disconnected' || !adapter) return void (await engagement.record(due, { error: 'account_gone', final: true }));
    if (!adapter.engagement) return void (await engagement.record(due, { error: 'not_supported', final: true }));
    const figures = await adapter.engagement(await d.accounts.context(row), due.target, due.nativeId);
    await engagement.record(due, { figures });
  } catch (err) {
    const final = err instanceof ChannelError && !err.retryable;
    logger?.warn({ err, variantId: due.variantId }, 'publishing: engagement pull failed');
    await engagement.record(due, { error: err instanceof ChannelError ? `${err.code}: ${err.message}` : (err as Error).message, final }).catch(() => undefined);
  }
}
