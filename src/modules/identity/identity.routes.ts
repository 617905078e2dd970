import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.js';
import { actorOf, principalOf, scopeResolver, userOf, workspaceParams } from '../../http/context.js';
import { clearSessionCookies, setSessionCookies } from '../../http/auth.js';
import { PERMISSIONS, ROLES, permissionsOf } from './roles.js';

const userId = { type: 'object', required: ['workspaceId', 'userId'], properties: { ...workspaceParams.properties, userId: { type: 'string', format: 'uuid' } } } as const;
const roleEnum = { type: 'string', enum: [...ROLES] } as const;

export function identityRoutes(app: FastifyInstance, s: Services): void {
  const scopeOf = scopeResolver(s.auth);
  const tags = ['auth'];

  app.post('/api/v1/auth/login', {
    schema: {
      tags,
      summary: 'Log in with e-mail and password; sets the session and CSRF cookies, or answers `mfa` (a challenge) when a second factor is due',
      security: [],
      body: { type: 'object', required: ['email', 'password'], additionalProperties: false, properties: { email: { type: 'string', minLength: 3, maxLength: 320 }, password: { type: 'string', minLength: 1, maxLength: 1024 } } },
    },
  }, async (req, reply) => {
    const { email, password } = req.body as { email: string; password: string };
    const r = await s.auth.login(email, password, req.ip, req.headers['user-agent']);
    // Password right, second factor due: no session yet, only a challenge (see mfa.routes.ts).
    if ('challenge' in r) return { mfa: r.challenge };
    setSessionCookies(reply, r.token, r.csrfToken, req.protocol === 'https');
    return { ...r.me, csrfToken: r.csrfToken };
  });

  app.post('/api/v1/auth/logout', { schema: { tags, summary: 'End the session' } }, async (req, reply) => {
    if (req.principal) await s.auth.logout(req.principal, req.ip);
    clearSessionCookies(reply);
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags, summary: 'The signed-in user and their workspaces' } }, async (req) => {
    const p = principalOf(req);
    return { ...(await s.auth.me(userOf(req))), csrfToken: p.csrfToken };
  });

  app.post('/api/v1/auth/password', {
    schema: { tags, summary: 'Change the password (ends the other sessions)', body: { type: 'object', required: ['currentPassword', 'newPassword'], additionalProperties: false, properties: { currentPassword: { type: 'string', maxLength: 1024 }, newPassword: { type: 'string', maxLength: 1024 } } } },
  }, async (req, reply) => {
    const { currentPassword, newPassword } = req.body as { currentPassword: string; newPassword: string };
    await s.auth.changePassword(userOf(req), currentPassword, newPassword, actorOf(req));
    clearSessionCookies(reply);
    return reply.status(204).send();
  });

  app.patch('/api/v1/me', {
    schema: { tags, summary: 'Update my name or language', body: { type: 'object', additionalProperties: false, properties: { locale: { type: 'string', enum: ['ko', 'en'] }, name: { type: 'string', minLength: 1, maxLength: 200 } } } },
  }, async (req) => ({ user: await s.auth.updateProfile(userOf(req), req.body as { locale?: 'ko' | 'en'; name?: string }, actorOf(req)) }));

  const utags = ['users'];
  app.get('/api/v1/w/:workspaceId/users', { schema: { tags: utags, summary: 'Members of the workspace', params: workspaceParams } }, async (req) => ({ users: await s.users.list(await scopeOf(req)) }));

  app.post('/api/v1/w/:workspaceId/users', {
    schema: {
      tags: utags,
      summary: 'Add a member (a generated password is returned once when none is given)',
      params: workspaceParams,
      body: { type: 'object', required: ['email', 'name', 'role'], additionalProperties: false, properties: { email: { type: 'string', maxLength: 320 }, name: { type: 'string', minLength: 1, maxLength: 200 }, role: roleEnum, password: { type: 'string', maxLength: 1024 } } },
    },
  }, async (req, reply) => reply.status(201).send(await s.users.create(await scopeOf(req), req.body as never)));

  app.patch('/api/v1/w/:workspaceId/users/:userId', {
    schema: { tags: utags, summary: "Change a member's role, status or name", params: userId, body: { type: 'object', additionalProperties: false, properties: { role: roleEnum, status: { type: 'string', enum: ['active', 'disabled'] }, name: { type: 'string', minLength: 1, maxLength: 200 } } } },
  }, async (req) => ({ user: await s.users.update(await scopeOf(req), (req.params as { userId: string }).userId, req.body as never) }));

  app.delete('/api/v1/w/:workspaceId/users/:userId', { schema: { tags: utags, summary: 'Remove a member from the workspace', params: userId } }, async (req, reply) => {
    await s.users.remove(await scopeOf(req), (req.params as { userId: string }).userId);
    return reply.status(204).send();
  });

  app.get('/api/v1/w/:workspaceId/roles', { schema: { tags: utags, summary: 'Roles and their permissions', params: workspaceParams } }, async (req) => {
    await scopeOf(req);
    return { roles: ROLES.map((role) => ({ role, permissions: [...permissionsOf(role)] })), permissions: [...PERMISSIONS] };
  });
}
