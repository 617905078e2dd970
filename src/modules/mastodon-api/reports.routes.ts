import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid } from '../../platform/errors.js';
import type { Microblog, ReportCategory } from '../microblog/index.js';
import { arr, baseOf, str, viewerOf } from './kit.js';
import type { OAuthService } from './oauth.service.js';
import { account } from './render.js';

/** Mastodon's report categories onto the microblog's (docs.joinmastodon.org/methods/reports). */
const CATEGORY: Record<string, ReportCategory> = { spam: 'spam', legal: 'legal', violation: 'abuse', other: 'other' };

/**
 * `POST /api/v1/reports`: `account_id`, `status_ids[]`, `comment`, `category`. Each status becomes a
 * report in the moderation queue; statuses of another account, or that the caller cannot read, are left
 * out (as Mastodon does); a report without any status is refused (this network reports posts).
 */
export function mastodonReportRoutes(app: FastifyInstance, oauth: OAuthService, mb: Microblog): void {
  app.post('/api/v1/reports', { schema: { tags: ['mastodon'], summary: 'Mastodon: report statuses to the moderators' } }, async (req: FastifyRequest) => {
    const viewer = await viewerOf(oauth, req, 'write');
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const target = await mb.people.get(viewer, str(b.account_id, 30) ?? '');
    const asked = str(b.category, 20) ?? 'other';
    const category = CATEGORY[asked] ?? 'other';
    const comment = str(b.comment, 1000) ?? '';
    const ids = [...new Set(arr(b['status_ids[]'] ?? b.status_ids))].slice(0, 20);
    const made: Array<{ id: string; postId: string; createdAt: string }> = [];
    for (const id of ids) {
      const post = await mb.posts.get(viewer, id).catch(() => null);
      if (!post || post.author.id !== target.id) continue;
      made.push(await mb.reports.report(viewer, id, { category, note: comment }));
    }
    if (made.length === 0) throw invalid('microblog.report_needs_status', 'Name at least one status of that account (status_ids[]).', 'status_ids');
    return {
      id: made[0]!.id,
      action_taken: false,
      action_taken_at: null,
      category: CATEGORY[asked] ? asked : 'other',
      comment,
      forwarded: false,
      created_at: made[0]!.createdAt,
      status_ids: made.map((m) => m.postId),
      rule_ids: null,
      target_account: account(baseOf(req), target),
    };
  });
}
