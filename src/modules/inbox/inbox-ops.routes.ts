import type { FastifyInstance } from 'fastify';
import type { InboxServices } from './inbox.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { Strategy } from './domain/assignment.js';
import type { PresenceEvent } from './inbox.tables.js';
import { assignBody, convParams, movePrivateBody, presenceBody, reportCsvQuery, reportQuery } from './inbox.schemas.js';

/** Agent-workspace actions (assign next, move private, presence) and reports. */
/** The services these routes use (the composition root passes all of its own). */
export interface InboxOpsRouteServices {
  scopeOf: ScopeOf;
  inbox: InboxServices;
}

export function inboxOpsRoutes(app: FastifyInstance, s: InboxOpsRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['inbox'];
  const base = '/api/v1/w/:workspaceId/inbox';
  const conversationId = (req: { params: unknown }) => (req.params as { conversationId: string }).conversationId;

  app.post(
    `${base}/conversations/:conversationId/assign`,
    {
      schema: { tags, summary: 'Assign next: an agent of the team by round-robin or least-loaded (skills, online, under capacity)', params: convParams, body: assignBody },
    },
    async (req) => s.inbox.actions.assignNext(await scopeOf(req), conversationId(req), req.body as { strategy: Strategy; teamId?: string }),
  );

  app.post(
    `${base}/conversations/:conversationId/move-private`,
    {
      schema: { tags, summary: 'Reply publicly and continue in a private conversation with the same customer (where the channel can message privately)', params: convParams, body: movePrivateBody },
    },
    async (req, reply) => reply.status(202).send(await s.inbox.actions.movePrivate(await scopeOf(req), conversationId(req), req.body as { publicText: string; privateText: string })),
  );

  app.post(
    `${base}/conversations/:conversationId/presence`,
    {
      schema: { tags, summary: 'I am viewing or typing in this conversation (renew every ~5 s; expires after 15 s), or I left', params: convParams, body: presenceBody },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      await s.inbox.presence.start();
      return reply.status(202).send({ presence: await s.inbox.presence.set(scope, conversationId(req), (req.body as { state: PresenceEvent['state'] }).state) });
    },
  );

  app.get(`${base}/conversations/:conversationId/presence`, { schema: { tags, summary: 'Who is viewing or typing in this conversation now', params: convParams } }, async (req) => {
    const scope = await scopeOf(req);
    await s.inbox.presence.start();
    return { presence: await s.inbox.presence.get(scope, conversationId(req)) };
  });

  app.get(
    `${base}/reports`,
    {
      schema: { tags, summary: 'First-response and resolution times, SLA attainment, backlog by team and age, agent workload', params: workspaceParams, querystring: reportQuery },
    },
    async (req) => s.inbox.reports.report(await scopeOf(req), req.query as { from?: string; to?: string; teamId?: string }),
  );

  app.get(
    `${base}/reports.csv`,
    {
      schema: { tags, summary: 'The report as CSV (UTF-8 with BOM for Excel): kind summary, sla, backlog or agents', params: workspaceParams, querystring: reportCsvQuery },
    },
    async (req, reply) => {
      const q = req.query as { kind: 'summary' | 'sla' | 'backlog' | 'agents'; from?: string; to?: string; teamId?: string };
      const csv = await s.inbox.reports.csv(await scopeOf(req), q.kind, q);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csv.filename}"`).send(csv.body);
    },
  );
}
