import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import { toErrorResponse } from '../../http/errors.js';
import { assertCan } from '../../platform/access/scope.js';
import { ENTERPRISE, ERROR_SCHEMA, LIST_SCHEMA, scimUser, USER_SCHEMA } from './scim.js';
import type { ScimDirectory } from './scim.service.js';

const P = '/api/v1/w/:workspaceId/scim/v2';

/**
 * SCIM 2.0 for identity providers (Entra ID, Okta, Keycloak): `/api/v1/w/{ws}/scim/v2/Users` with an API
 * token of a role that may manage users (`users.manage`). `application/scim+json` in and out; errors in
 * SCIM's shape. Deleting a user deactivates the person (posts stay).
 */
export function scimRoutes(app: FastifyInstance, s: { scopeOf: ScopeOf; scim: ScimDirectory }): void {
  void app.register(async (sub) => {
    sub.addContentTypeParser(['application/scim+json'], { parseAs: 'string', bodyLimit: 1_000_000 }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('The body is not JSON.'), { statusCode: 400 }), undefined);
      }
    });
    sub.addHook('onSend', async (_req, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.header('content-type', 'application/scim+json; charset=utf-8');
      return payload;
    });
    sub.setErrorHandler((err, req, reply) => {
      const { status, body } = toErrorResponse(err, req);
      const scimType = (err as { scimType?: string }).scimType;
      return reply
        .status(status)
        .type('application/scim+json; charset=utf-8')
        .send({
          schemas: [ERROR_SCHEMA],
          status: String(status),
          detail: body.error.message,
          ...(scimType ? { scimType } : {}), // Sotong's stable code beside SCIM's fields (clients ignore what they do not know)
          error: body.error,
        });
    });
    const base = (req: FastifyRequest) => `${req.protocol}://${req.host}${P.replace(':workspaceId', (req.params as { workspaceId: string }).workspaceId)}`;
    const id = (req: FastifyRequest) => (req.params as { id: string }).id;
    const tags = ['scim'];
    const params = { type: 'object', required: ['workspaceId', 'id'], properties: { ...workspaceParams.properties, id: { type: 'string', maxLength: 40 } } } as const;

    // Even the static documents answer only a token of this workspace that may manage users.
    const allowed = async (req: FastifyRequest) => assertCan(await s.scopeOf(req), 'users.manage');
    sub.get(
      `${P}/ServiceProviderConfig`,
      { schema: { tags, summary: 'SCIM: what this service supports', params: workspaceParams } },
      async (req) => (
        await allowed(req),
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
          patch: { supported: true },
          bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
          filter: { supported: true, maxResults: 200 },
          changePassword: { supported: false },
          sort: { supported: false },
          etag: { supported: false },
          authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Sotong API token', description: 'Authorization: Bearer sot_… of a role with users.manage', primary: true }],
        }
      ),
    );
    sub.get(
      `${P}/ResourceTypes`,
      { schema: { tags, summary: 'SCIM: resource types', params: workspaceParams } },
      async (req) => (
        await allowed(req),
        {
          schemas: [LIST_SCHEMA],
          totalResults: 1,
          Resources: [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE, required: false }] }],
        }
      ),
    );
    sub.get(
      `${P}/Users`,
      {
        schema: {
          tags,
          summary: 'SCIM: users (filter userName/externalId/emails.value eq, startIndex, count)',
          params: workspaceParams,
          querystring: { type: 'object', properties: { filter: { type: 'string', maxLength: 500 }, startIndex: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 0 } } },
        },
      },
      async (req) => {
        const r = await s.scim.list(await s.scopeOf(req), req.query as never);
        return { schemas: [LIST_SCHEMA], totalResults: r.total, startIndex: r.startIndex, itemsPerPage: r.rows.length, Resources: r.rows.map((row) => scimUser(base(req), row)) };
      },
    );
    sub.post(`${P}/Users`, { schema: { tags, summary: 'SCIM: provision a user (an employee login and a directory person)', params: workspaceParams } }, async (req, reply) =>
      reply.status(201).send(scimUser(base(req), await s.scim.create(await s.scopeOf(req), req.body))),
    );
    sub.get(`${P}/Users/:id`, { schema: { tags, summary: 'SCIM: a user', params } }, async (req) => scimUser(base(req), await s.scim.get(await s.scopeOf(req), id(req))));
    sub.put(`${P}/Users/:id`, { schema: { tags, summary: 'SCIM: replace a user', params } }, async (req) => scimUser(base(req), await s.scim.replace(await s.scopeOf(req), id(req), req.body)));
    sub.patch(`${P}/Users/:id`, { schema: { tags, summary: 'SCIM: change a user (PatchOp)', params } }, async (req) => scimUser(base(req), await s.scim.patch(await s.scopeOf(req), id(req), req.body)));
    sub.delete(`${P}/Users/:id`, { schema: { tags, summary: 'SCIM: deprovision (deactivates the person; posts stay)', params } }, async (req, reply) => {
      await s.scim.remove(await s.scopeOf(req), id(req));
      return reply.status(204).send();
    });
  });
}
