/** HTTP: alerts (list, update, live events), crisis mode, notification channels, SMTP, communication index, reports. */
import type { FastifyInstance } from 'fastify';
import type { Bus } from '../../platform/bus/bus.js';
import type { Listening } from './listening.module.js';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { assertCan } from '../../platform/access/scope.js';
import { EVENT_SUBJECT, type ListeningEvent } from './alerts.service.js';
import { WEBHOOK_FORMATS } from './listening.tables.js';

const P = '/api/v1/w/:workspaceId/listening';
const tags = ['listening'];
const uuid = { type: 'string', format: 'uuid' } as const;
const params = (name: string) => ({ type: 'object', required: ['workspaceId', name], properties: { ...workspaceParams.properties, [name]: uuid } });
const emails = { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 3, maxLength: 254 } } as const;
const channelProps = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  recipients: emails,
  url: { type: 'string', minLength: 1, maxLength: 2000 },
  format: { type: 'string', enum: [...WEBHOOK_FORMATS] },
  secret: { type: 'string', minLength: 16, maxLength: 200 },
  enabled: { type: 'boolean' },
} as const;
const reportProps = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  recipients: emails,
  queryIds: { type: 'array', maxItems: 50, items: uuid },
  weekday: { type: 'integer', minimum: 0, maximum: 6 },
  hour: { type: 'integer', minimum: 0, maximum: 23 },
  enabled: { type: 'boolean' },
} as const;

/** The services these routes use (the composition root passes all of its own). */
export interface AlertsRouteServices {
  scopeOf: ScopeOf;
  bus: Bus;
  listening: Listening;
}

export function alertsRoutes(app: FastifyInstance, s: AlertsRouteServices): void {
  const scopeOf = s.scopeOf;
  const l = s.listening;
  const id = (req: { params: unknown }, name: string) => (req.params as Record<string, string>)[name]!;

  app.get(
    `${P}/alerts`,
    {
      schema: {
        tags,
        summary: 'Crisis alerts, newest first',
        params: workspaceParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'acknowledged', 'resolved'] },
            queryId: uuid,
            pinned: { type: 'boolean' },
            before: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (req) => ({ alerts: await l.alerts.list(await scopeOf(req), req.query as never) }),
  );

  // Live alert and crisis events (server-sent events), from the bus so they reach every web process.
  app.get(`${P}/alerts/live`, { schema: { tags, summary: 'Server-sent events: `alert` (new or updated) and `crisis`', params: workspaceParams } }, async (req, reply) => {
    const scope = await scopeOf(req);
    assertCan(scope, 'listening.read');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': req.id });
    res.write(': connected\n\n');
    const sub = await s.bus.subscribe<ListeningEvent>(EVENT_SUBJECT, (msg) => {
      if (msg.data.workspaceId === scope.workspaceId) res.write(`event: ${msg.data.type}\ndata: ${JSON.stringify(msg.data.data)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      void sub.close();
    });
  });
  app.get(`${P}/alerts/:alertId`, { schema: { tags, summary: 'One alert with its deliveries', params: params('alertId') } }, async (req) => ({ alert: await l.alerts.get(await scopeOf(req), id(req, 'alertId')) }));
  app.patch(
    `${P}/alerts/:alertId`,
    {
      schema: {
        tags,
        summary: 'Acknowledge, resolve or pin an alert',
        params: params('alertId'),
        body: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['open', 'acknowledged', 'resolved'] }, pinned: { type: 'boolean' } } },
      },
    },
    async (req) => ({ alert: await l.alerts.update(await scopeOf(req), id(req, 'alertId'), req.body as never) }),
  );

  app.get(`${P}/crisis`, { schema: { tags, summary: 'Crisis mode: the current state and past periods', params: workspaceParams } }, async (req) => l.crisis.get(await scopeOf(req)));
  app.post(
    `${P}/crisis`,
    {
      schema: {
        tags,
        summary: 'Turn crisis mode on (marks the period, pins the alert) or off',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['active'], properties: { active: { type: 'boolean' }, reason: { type: 'string', maxLength: 500 }, alertId: uuid } },
      },
    },
    async (req) => l.crisis.set(await scopeOf(req), req.body as never),
  );

  app.get(`${P}/notify-channels`, { schema: { tags, summary: 'Where alerts are sent: e-mail recipients and signed webhooks', params: workspaceParams } }, async (req) => ({ channels: await l.settings.channels(await scopeOf(req)) }));
  app.post(
    `${P}/notify-channels`,
    {
      schema: {
        tags,
        summary: 'Add an e-mail or webhook channel (a webhook secret is generated and shown once when none is given)',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['kind', 'name'], properties: { kind: { type: 'string', enum: ['email', 'webhook'] }, ...channelProps } },
      },
    },
    async (req, reply) => reply.status(201).send(await l.settings.createChannel(await scopeOf(req), req.body as never)),
  );
  app.patch(
    `${P}/notify-channels/:channelId`,
    {
      schema: { tags, summary: 'Change a notification channel', params: params('channelId'), body: { type: 'object', additionalProperties: false, properties: channelProps } },
    },
    async (req) => l.settings.updateChannel(await scopeOf(req), id(req, 'channelId'), req.body as never),
  );
  app.delete(`${P}/notify-channels/:channelId`, { schema: { tags, summary: 'Remove a notification channel', params: params('channelId') } }, async (req, reply) => {
    await l.settings.deleteChannel(await scopeOf(req), id(req, 'channelId'));
    return reply.status(204).send();
  });
  app.post(`${P}/notify-channels/:channelId/test`, { schema: { tags, summary: 'Send a test notification now', params: params('channelId') } }, async (req) => l.settings.testChannel(await scopeOf(req), id(req, 'channelId')));

  app.get(`${P}/smtp`, { schema: { tags, summary: "The workspace's SMTP server for alert and report e-mails (password never shown)", params: workspaceParams } }, async (req) => ({ smtp: await l.settings.smtp(await scopeOf(req)) }));
  app.put(
    `${P}/smtp`,
    {
      schema: {
        tags,
        summary: 'Set the SMTP server (the password is stored encrypted; omit it to keep the stored one)',
        params: workspaceParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['host', 'port', 'from'],
          properties: {
            host: { type: 'string', minLength: 1, maxLength: 255 },
            port: { type: 'integer', minimum: 1, maximum: 65535 },
            secure: { type: 'boolean' },
            user: { type: 'string', maxLength: 255 },
            password: { type: 'string', maxLength: 500 },
            from: { type: 'string', minLength: 3, maxLength: 320 },
            rejectUnauthorized: { type: 'boolean' },
          },
        },
      },
    },
    async (req) => ({ smtp: await l.settings.putSmtp(await scopeOf(req), req.body as never) }),
  );
  app.post(
    `${P}/smtp/test`,
    {
      schema: {
        tags,
        summary: 'Send a test e-mail through the stored SMTP settings (400 `listening.smtp_missing` without them, `listening.delivery_failed` with the reason)',
        params: workspaceParams,
        body: { type: 'object', additionalProperties: false, required: ['to'], properties: { to: emails } },
      },
    },
    async (req) => l.settings.testSmtp(await scopeOf(req), (req.body as { to: string[] }).to),
  );
  app.delete(`${P}/smtp`, { schema: { tags, summary: 'Remove the SMTP settings', params: workspaceParams } }, async (req, reply) => {
    await l.settings.deleteSmtp(await scopeOf(req));
    return reply.status(204).send();
  });

  app.get(
    `${P}/communication`,
    {
      schema: {
        tags,
        summary: 'Communication index per week and channel: response rate, median response time, sentiment shift after replies',
        params: workspaceParams,
        querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, channel: { type: 'string', maxLength: 40 } } },
      },
    },
    async (req) => l.communication.index(await scopeOf(req), req.query as never),
  );

  app.get(`${P}/reports`, { schema: { tags, summary: 'Scheduled weekly report e-mails', params: workspaceParams } }, async (req) => ({ reports: await l.reports.list(await scopeOf(req)) }));
  app.post(
    `${P}/reports`,
    {
      schema: { tags, summary: 'Schedule a weekly report e-mail', params: workspaceParams, body: { type: 'object', additionalProperties: false, required: ['name', 'recipients'], properties: reportProps } },
    },
    async (req, reply) => reply.status(201).send({ report: await l.reports.create(await scopeOf(req), req.body as never) }),
  );
  app.patch(
    `${P}/reports/:reportId`,
    {
      schema: { tags, summary: 'Change a scheduled report', params: params('reportId'), body: { type: 'object', additionalProperties: false, properties: reportProps } },
    },
    async (req) => ({ report: await l.reports.update(await scopeOf(req), id(req, 'reportId'), req.body as never) }),
  );
  app.delete(`${P}/reports/:reportId`, { schema: { tags, summary: 'Remove a scheduled report', params: params('reportId') } }, async (req, reply) => {
    await l.reports.remove(await scopeOf(req), id(req, 'reportId'));
    return reply.status(204).send();
  });
  app.get(`${P}/reports/:reportId/preview`, { schema: { tags, summary: 'The report e-mail as it would be sent now (subject, HTML, text), without sending it', params: params('reportId') } }, async (req) =>
    l.reports.preview(await scopeOf(req), id(req, 'reportId')),
  );
  app.post(`${P}/reports/:reportId/send`, { schema: { tags, summary: 'Send a report now (preview)', params: params('reportId') } }, async (req) => l.reports.sendNow(await scopeOf(req), id(req, 'reportId')));
}
