import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { Viewer } from './context.js';
import type { Microblog } from './microblog.js';
import { REPORT_CATEGORIES } from './reports.service.js';

const tags = ['microblog'];
const params = (...names: string[]) =>
  ({
    type: 'object',
    required: ['workspaceId', ...names],
    properties: { ...workspaceParams.properties, ...Object.fromEntries(names.map((n) => [n, { type: 'string', maxLength: 200 }])) },
  }) as const;
const pageQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 80 }, maxId: { type: 'string', maxLength: 20 }, sinceId: { type: 'string', maxLength: 20 }, minId: { type: 'string', maxLength: 20 } },
} as const;
const groupBody = (required: string[]) =>
  ({
    type: 'object',
    required,
    additionalProperties: false,
    properties: { name: { type: 'string', maxLength: 200 }, description: { type: 'string', maxLength: 2000 }, closed: { type: 'boolean' } },
  }) as const;
const noteBody = { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 500 } } } as const;
const roleBody = { type: 'object', required: ['role'], additionalProperties: false, properties: { role: { type: 'string', enum: ['admin', 'member'] } } } as const;

/** Groups, reports and the ranking opt-out for the web UI: /api/v1/w/:workspaceId/microblog/... */
export function groupsRoutes(app: FastifyInstance, s: { scopeOf: ScopeOf; microblog: Microblog }): void {
  const mb = s.microblog;
  const viewer = async (req: FastifyRequest): Promise<Viewer> => mb.people.viewer(await s.scopeOf(req));
  const p = (req: FastifyRequest) => req.params as Record<string, string>;
  const body = <T>(req: FastifyRequest) => (req.body ?? {}) as T;
  const base = '/api/v1/w/:workspaceId/microblog';
  const g = `${base}/groups/:groupId`;

  app.get(
    `${base}/groups`,
    {
      schema: {
        tags,
        summary: 'Groups: mine, or others to discover (open ones to join, closed ones to ask)',
        params: workspaceParams,
        querystring: { type: 'object', properties: { filter: { type: 'string', enum: ['mine', 'discover'] }, q: { type: 'string', maxLength: 100 } } },
      },
    },
    async (req) => {
      const q = req.query as { filter?: 'mine' | 'discover'; q?: string };
      return { groups: await mb.groups.list(await viewer(req), q.filter ?? 'mine', q.q ?? '') };
    },
  );
  app.post(`${base}/groups`, { schema: { tags, summary: 'Create a group (the creator is its admin)', params: workspaceParams, body: groupBody(['name']) } }, async (req, reply) =>
    reply.status(201).send({ group: await mb.groups.create(await viewer(req), body(req)) }),
  );
  app.get(g, { schema: { tags, summary: 'A group (name, description, members count, my role)', params: params('groupId') } }, async (req) => ({ group: await mb.groups.get(await viewer(req), p(req).groupId!) }));
  app.patch(g, { schema: { tags, summary: 'Change a group (group admins)', params: params('groupId'), body: groupBody([]) } }, async (req) => ({ group: await mb.groups.update(await viewer(req), p(req).groupId!, body(req)) }));
  app.delete(g, { schema: { tags, summary: 'Delete a group (group admins; posts kept for retention, shown to nobody)', params: params('groupId') } }, async (req, reply) => {
    await mb.groups.remove(await viewer(req), p(req).groupId!);
    return reply.status(204).send();
  });
  app.get(`${g}/posts`, { schema: { tags, summary: 'A group’s timeline (closed: members only)', params: params('groupId'), querystring: pageQuery } }, async (req) => ({
    posts: await mb.groups.posts(await viewer(req), p(req).groupId!, req.query as never),
  }));
  app.post(`${g}/join`, { schema: { tags, summary: 'Join an open group, or ask to join a closed one', params: params('groupId'), body: noteBody } }, async (req) => ({
    group: await mb.groups.join(await viewer(req), p(req).groupId!, body<{ note?: string }>(req).note ?? ''),
  }));
  app.post(`${g}/leave`, { schema: { tags, summary: 'Leave a group or withdraw a request (the last admin cannot leave)', params: params('groupId') } }, async (req) => ({
    group: await mb.groups.leave(await viewer(req), p(req).groupId!),
  }));
  app.get(`${g}/members`, { schema: { tags, summary: 'A group’s members (closed: members only)', params: params('groupId') } }, async (req) => ({ members: await mb.groups.members(await viewer(req), p(req).groupId!) }));
  app.post(
    `${g}/members`,
    {
      schema: {
        tags,
        summary: 'Add a person to a group (group admins)',
        params: params('groupId'),
        body: { type: 'object', required: ['personId'], additionalProperties: false, properties: { personId: { type: 'string', maxLength: 20 }, role: { type: 'string', enum: ['admin', 'member'] } } },
      },
    },
    async (req) => {
      const b = body<{ personId: string; role?: 'admin' | 'member' }>(req);
      return { members: await mb.groups.addMember(await viewer(req), p(req).groupId!, b.personId, b.role ?? 'member') };
    },
  );
  app.patch(`${g}/members/:personId`, { schema: { tags, summary: 'Make a member admin, or member again (group admins)', params: params('groupId', 'personId'), body: roleBody } }, async (req) => ({
    members: await mb.groups.setRole(await viewer(req), p(req).groupId!, p(req).personId!, body<{ role: 'admin' | 'member' }>(req).role),
  }));
  app.delete(`${g}/members/:personId`, { schema: { tags, summary: 'Remove a member (group admins)', params: params('groupId', 'personId') } }, async (req, reply) => {
    await mb.groups.removeMember(await viewer(req), p(req).groupId!, p(req).personId!);
    return reply.status(204).send();
  });
  app.get(`${g}/requests`, { schema: { tags, summary: 'Pending requests to join (group admins)', params: params('groupId') } }, async (req) => ({ requests: await mb.groups.requests(await viewer(req), p(req).groupId!) }));
  for (const [action, approve] of [
    ['approve', true],
    ['decline', false],
  ] as const) {
    app.post(`${g}/requests/:personId/${action}`, { schema: { tags, summary: `${action} a request to join (group admins)`, params: params('groupId', 'personId') } }, async (req) => ({
      requests: await mb.groups.decide(await viewer(req), p(req).groupId!, p(req).personId!, approve),
    }));
  }

  app.put(
    `${base}/me/ranking`,
    { schema: { tags, summary: 'Opt out of (or back into) the helpful-people ranking', params: workspaceParams, body: { type: 'object', required: ['optOut'], additionalProperties: false, properties: { optOut: { type: 'boolean' } } } } },
    async (req) => mb.people.setRankingOptOut(await viewer(req), body<{ optOut: boolean }>(req).optOut),
  );

  app.post(
    `${base}/posts/:postId/report`,
    {
      schema: {
        tags,
        summary: 'Report a post you can read (it joins the moderation queue; the author is not told who reported)',
        params: params('postId'),
        body: { type: 'object', additionalProperties: false, properties: { category: { type: 'string', enum: [...REPORT_CATEGORIES] }, note: { type: 'string', maxLength: 1000 } } },
      },
    },
    async (req, reply) => reply.status(201).send({ report: await mb.reports.report(await viewer(req), p(req).postId!, body(req)) }),
  );
  app.get(`${base}/moderation/reports`, { schema: { tags, summary: 'Open reports, oldest first (moderators)', params: workspaceParams } }, async (req) => ({ reports: await mb.reports.queue(await viewer(req)) }));
  for (const action of ['dismiss', 'remove'] as const) {
    app.post(
      `${base}/moderation/reports/:reportId/${action}`,
      { schema: { tags, summary: action === 'dismiss' ? 'Dismiss a report (moderators)' : 'Remove the reported post (moderators)', params: params('reportId'), body: noteBody } },
      async (req, reply) => {
        await mb.reports.resolve(await viewer(req), p(req).reportId!, action, body<{ note?: string }>(req).note ?? '');
        return reply.status(204).send();
      },
    );
  }
}
