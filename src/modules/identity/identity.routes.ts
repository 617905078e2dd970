import type { FastifyInstance } from 'fastify';
import type { AuthService } from './auth.service.js';
import type { UsersService } from './users.service.js';
import type { WorkspacesService } from '../workspaces/index.js';
import { workspaceParams } from '../../http/context.js';
import { actorOf, principalOf, scopeResolver, userOf } from './http.js';
import { clearSessionCookies, setSessionCookies } from './http.js';
import { PERMISSIONS, ROLES, permissionsOf } from '../../platform/access/roles.js';
import type { RolesView } from '../../contracts/identity.js';

const userId = { type: 'object', required: ['workspaceId', 'userId'], properties: { ...workspaceParams.properties, userId: { type: 'string', format: 'uuid' } } } as const;
const roleEnum = { type: 'string', enum: [...ROLES] } as const;

/** The services these routes use (the composition root passes all of its own). */
export interface IdentityRouteServices {
  auth: AuthService;
  users: UsersService;
  workspaces: WorkspacesService;
}

export function identityRoutes(app: FastifyInstance, s: IdentityRouteServices): void {
  const scopeOf = scopeResolver(s.auth);
  const tags = ['auth'];

  // A person's workspaces, and creating one (the creator becomes its admin): memberships are identity's.
  {
    const tags = ['workspaces'];
    app.get('/api/v1/workspaces', { schema: { tags, summary: 'Workspaces I belong to' } }, async (req) => ({ workspaces: (await s.auth.me(userOf(req))).workspaces }));
    app.post(
      '/api/v1/workspaces',
      {
        schema: {
          tags,
          summary: 'Create a workspace (instance administrators); the creator becomes its admin',
          body: { type: 'object', required: ['name', 'slug'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, slug: { type: 'string', minLength: 2, maxLength: 41 } } },
        },
      },
      async (req, reply) => {
        const user = userOf(req);
        const workspace = await s.workspaces.create({ ...actorOf(req), isInstanceAdmin: user.is_instance_admin }, req.body as { name: string; slug: string });
        return reply.status(201).send({ workspace });
      },
    );
  }

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with e-mail and password; sets the session and CSRF cookies, or answers `mfa` (a challenge) when a second factor is due',
        security: [],
        body: { type: 'object', required: ['email', 'password'], additionalProperties: false, properties: { email: { type: 'string', minLength: 3, maxLength: 320 }, password: { type: 'string', minLength: 1, maxLength: 1024 } } },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body as { email: string; password: string };
      const r = await s.auth.login(email, password, req.ip, req.headers['user-agent']);
      // Password right, second factor due: no session yet, only a challenge (see mfa.routes.ts).
      if ('challenge' in r) return { mfa: r.challenge };
      setSessionCookies(reply, r.token, r.csrfToken, req.protocol === 'https');
      return { ...r.me, csrfToken: r.csrfToken };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags, summary: 'End the session' } }, async (req, reply) => {
    if (req.principal) await s.auth.logout(req.principal, req.ip);
    clearSessionCookies(reply);
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags, summary: 'The signed-in user and their workspaces' } }, async (req) => {
    const p = principalOf(req);
    return { ...(await s.auth.me(userOf(req))), csrfToken: p.csrfToken };
  });

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags,
        summary: 'Change the password (ends the other sessions)',
        body: { type: 'object', required: ['currentPassword', 'newPassword'], additionalProperties: false, properties: { currentPassword: { type: 'string', maxLength: 1024 }, newPassword: { type: 'string', maxLength: 1024 } } },
      },
    },
    async (req, reply) => {
      const { currentPassword, newPassword } = req.body as { currentPassword: string; newPassword: string };
      await s.auth.changePassword(userOf(req), currentPassword, newPassword, actorOf(req));
      clearSessionCookies(reply);
      return reply.status(204).send();
    },
  );

  app.patch(
    '/api/v1/me',
    {
      schema: { tags, summary: 'Update my name or language', body: { type: 'object', additionalProperties: false, properties: { locale: { type: 'string', enum: ['ko', 'en'] }, name: { type: 'string', minLength: 1, maxLength: 200 } } } },
    },
    async (req) => ({ user: await s.auth.updateProfile(userOf(req), req.body as { locale?: 'ko' | 'en'; name?: string }, actorOf(req)) }),
  );

  const utags = ['users'];
  app.get('/api/v1/w/:workspaceId/users', { schema: { tags: utags, summary: 'Members of the workspace', params: workspaceParams } }, async (req) => ({ users: await s.users.list(await scopeOf(req)) }));

  app.post(
    '/api/v1/w/:workspaceId/users',
    {
      schema: {
        tags: utags,
        summary: 'Add a member: an instance admin may create a new user (a generated password is returned once when none is given); otherwise an invitation the person accepts, answered alike whether or not the address has an account',
        params: workspaceParams,
        body: {
          type: 'object',
          required: ['email', 'name', 'role'],
          additionalProperties: false,
          properties: { email: { type: 'string', maxLength: 320 }, name: { type: 'string', minLength: 1, maxLength: 200 }, role: roleEnum, password: { type: 'string', maxLength: 1024 } },
        },
      },
    },
    async (req, reply) => reply.status(201).send(await s.users.create(await scopeOf(req), req.body as never)),
  );

  app.patch(
    '/api/v1/w/:workspaceId/users/:userId',
    {
      schema: {
        tags: utags,
        summary: "Change a member's role, status or name",
        params: userId,
        body: { type: 'object', additionalProperties: false, properties: { role: roleEnum, status: { type: 'string', enum: ['active', 'disabled'] }, name: { type: 'string', minLength: 1, maxLength: 200 } } },
      },
    },
    async (req) => ({ user: await s.users.update(await scopeOf(req), (req.params as { userId: string }).userId, req.body as never) }),
  );

  app.delete('/api/v1/w/:workspaceId/users/:userId', { schema: { tags: utags, summary: 'Remove a member from the workspace', params: userId } }, async (req, reply) => {
    await s.users.remove(await scopeOf(req), (req.params as { userId: string }).userId);
    return reply.status(204).send();
  });

  // Invitations: a workspace admin invites an address; the person accepts or declines after logging in.
  const invitationId = { type: 'object', required: ['invitationId'], properties: { invitationId: { type: 'string', format: 'uuid' } } } as const;
  app.get('/api/v1/invitations', { schema: { tags, summary: 'My pending invitations to workspaces' } }, async (req) => ({ invitations: await s.users.myInvitations(userOf(req)) }));
  app.post('/api/v1/invitations/:invitationId/accept', { schema: { tags, summary: 'Accept an invitation: join the workspace with the invited role', params: invitationId } }, async (req, reply) => {
    await s.users.decideInvitation(userOf(req), actorOf(req), (req.params as { invitationId: string }).invitationId, true);
    return reply.status(204).send();
  });
  app.post('/api/v1/invitations/:invitationId/decline', { schema: { tags, summary: 'Decline an invitation', params: invitationId } }, async (req, reply) => {
    await s.users.decideInvitation(userOf(req), actorOf(req), (req.params as { invitationId: string }).invitationId, false);
    return reply.status(204).send();
  });
  app.get('/api/v1/w/:workspaceId/invitations', { schema: { tags: utags, summary: 'Pending invitations of the workspace', params: workspaceParams } }, async (req) => ({ invitations: await s.users.invitations(await scopeOf(req)) }));
  app.delete(
    '/api/v1/w/:workspaceId/invitations/:invitationId',
    {
      schema: { tags: utags, summary: 'Withdraw an invitation', params: { type: 'object', required: ['workspaceId', 'invitationId'], properties: { ...workspaceParams.properties, invitationId: { type: 'string', format: 'uuid' } } } },
    },
    async (req, reply) => {
      await s.users.cancelInvitation(await scopeOf(req), (req.params as { invitationId: string }).invitationId);
      return reply.status(204).send();
    },
  );

  app.get('/api/v1/w/:workspaceId/roles', { schema: { tags: utags, summary: 'Roles and their permissions', params: workspaceParams } }, async (req) => {
    await scopeOf(req);
    return { roles: ROLES.map((role) => ({ role, permissions: [...permissionsOf(role)] })), permissions: [...PERMISSIONS] } satisfies RolesView;
  });
}
