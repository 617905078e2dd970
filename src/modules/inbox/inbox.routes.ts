import type { FastifyInstance } from 'fastify';
import type { Bus } from '../../platform/bus/bus.js';
import type { ConversationsService } from './conversations.service.js';
import type { InboxServices } from './inbox.js';
import type { Outbox } from './outbox.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { assertCan } from '../../platform/access/scope.js';
import { CONVERSATION_BATCH_SUBJECT, CONVERSATION_SUBJECT, type ConversationBatch, type ConversationEvent } from './inbox.tables.js';
import { inboxAdminRoutes } from './inbox-admin.routes.js';
import { inboxOpsRoutes } from './inbox-ops.routes.js';

const convParams = { type: 'object', required: ['workspaceId', 'conversationId'], properties: { ...workspaceParams.properties, conversationId: { type: 'string', format: 'uuid' } } } as const;
const STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const patchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: STATUSES },
    priority: { type: 'string', enum: PRIORITIES },
    tags: { type: 'array', maxItems: 30, items: { type: 'string', minLength: 1, maxLength: 50 } },
    assigneeId: { type: ['string', 'null'], format: 'uuid' },
    teamId: { type: ['string', 'null'], format: 'uuid' },
    snoozedUntil: { type: ['string', 'null'], format: 'date-time' },
    slaPolicyId: { type: ['string', 'null'], format: 'uuid' },
    despiteFailedReply: { type: 'boolean', description: 'Resolve or close although a reply failed to send (otherwise 409 conversation.reply_failed); recorded in the audit trail.' },
  },
} as const;

/** The services these routes use (the composition root passes all of its own). */
export interface InboxRouteServices {
  scopeOf: ScopeOf;
  bus: Bus;
  conversations: ConversationsService;
  inbox: InboxServices;
  outbox: Outbox;
}

export function inboxRoutes(app: FastifyInstance, s: InboxRouteServices): void {
  const scopeOf = s.scopeOf;
  const tags = ['inbox'];
  const base = '/api/v1/w/:workspaceId/inbox';

  app.get(
    `${base}/conversations`,
    {
      schema: {
        tags,
        summary: 'The queue: conversations, newest activity first, with filters',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'array', items: { type: 'string', enum: STATUSES } },
            assignee: { type: 'string', maxLength: 40 },
            teamId: { type: 'string', format: 'uuid' },
            channel: { type: 'string', maxLength: 40 },
            priority: { type: 'string', enum: PRIORITIES },
            tag: { type: 'string', maxLength: 50 },
            q: { type: 'string', maxLength: 200 },
            before: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (req) => s.conversations.list(await scopeOf(req), req.query as never),
  );

  app.get(`${base}/conversations/:conversationId`, { schema: { tags, summary: 'A conversation with its whole thread, the customer and their other conversations', params: convParams } }, async (req) =>
    s.conversations.get(await scopeOf(req), (req.params as { conversationId: string }).conversationId),
  );

  app.patch(`${base}/conversations/:conversationId`, { schema: { tags, summary: 'Change status, priority, tags, assignee or team', params: convParams, body: patchSchema } }, async (req) => ({
    conversation: await s.conversations.update(await scopeOf(req), (req.params as { conversationId: string }).conversationId, req.body as never),
  }));

  app.post(
    `${base}/conversations/bulk`,
    {
      schema: {
        tags,
        summary: 'Apply one change to many conversations',
        params: workspaceParams,
        body: { type: 'object', required: ['ids', 'patch'], additionalProperties: false, properties: { ids: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', format: 'uuid' } }, patch: patchSchema } },
      },
    },
    async (req) => {
      const b = req.body as { ids: string[]; patch: never };
      return { updated: await s.conversations.bulkUpdate(await scopeOf(req), b.ids, b.patch) };
    },
  );

  app.post(
    `${base}/conversations/:conversationId/replies`,
    {
      schema: {
        tags,
        summary: "Reply through the conversation's channel (checked against the channel's rules, then sent by a worker)",
        params: convParams,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 20_000 }, private: { type: 'boolean', default: false }, inReplyToItemId: { type: 'string', format: 'uuid' }, acknowledgePii: { type: 'boolean', default: false } },
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { text: string; private: boolean; inReplyToItemId?: string; acknowledgePii: boolean };
      // An agent's reply: its links become tracked short links tied to the conversation (when the workspace tracks them).
      return reply.status(202).send({ reply: await s.outbox.queue(await scopeOf(req), (req.params as { conversationId: string }).conversationId, { ...b, trackLinks: true }) });
    },
  );

  app.post(
    `${base}/replies/:replyId/retry`,
    {
      schema: { tags, summary: 'Send a failed reply again', params: { type: 'object', required: ['workspaceId', 'replyId'], properties: { ...workspaceParams.properties, replyId: { type: 'string', format: 'uuid' } } } },
    },
    async (req, reply) => reply.status(202).send({ reply: await s.outbox.retry(await scopeOf(req), (req.params as { replyId: string }).replyId) }),
  );

  app.post(
    `${base}/conversations/:conversationId/notes`,
    {
      schema: {
        tags,
        summary: 'Internal note (@mentions notify colleagues); never sent to the customer',
        params: convParams,
        body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 10_000 } } },
      },
    },
    async (req, reply) => reply.status(201).send({ note: await s.conversations.addNote(await scopeOf(req), (req.params as { conversationId: string }).conversationId, (req.body as { text: string }).text) }),
  );

  // Live queue updates for agents' screens, from the bus (works across processes).
  app.get(`${base}/events`, { schema: { tags, summary: 'Server-sent events: `conversation` events as conversations change, `presence` as agents view and type', params: workspaceParams } }, async (req, reply) => {
    const scope = await scopeOf(req);
    assertCan(scope, 'inbox.read');
    await s.inbox.presence.start();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const send = (e: ConversationEvent) => res.write(`event: conversation\ndata: ${JSON.stringify(e)}\n\n`);
    const subs = [
      await s.bus.subscribe<ConversationEvent>(CONVERSATION_SUBJECT, (msg) => void (msg.data.workspaceId === scope.workspaceId && send(msg.data))),
      await s.bus.subscribe<ConversationBatch>(CONVERSATION_BATCH_SUBJECT, (msg) => void (msg.data.workspaceId === scope.workspaceId && msg.data.events.forEach(send))),
    ];
    const offPresence = s.inbox.presence.on((e) => {
      if (e.workspaceId === scope.workspaceId) res.write(`event: presence\ndata: ${JSON.stringify(e)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      offPresence();
      for (const sub of subs) void sub.close();
    });
  });

  inboxAdminRoutes(app, s);
  inboxOpsRoutes(app, s);
  app.addHook('onClose', async () => s.inbox.presence.stop());
}
