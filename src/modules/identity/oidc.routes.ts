import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../../platform/errors.js';
import type { OidcService } from './oidc.service.js';
import { setSessionCookies } from './http.js';

/** The services these routes use (the composition root passes all of its own). */
export interface OidcRouteServices {
  oidc: OidcService | null;
}

const callbackPath = '/api/v1/auth/sso/callback';
const redirectUri = (req: FastifyRequest) => `${req.protocol}://${req.host}${callbackPath}`;

/** "Sign in with SSO": OpenID Connect authorization code + PKCE (oidc.service.ts). */
export function oidcRoutes(app: FastifyInstance, s: OidcRouteServices): void {
  const tags = ['auth'];
  app.get('/api/v1/auth/sso', { schema: { tags, summary: 'Whether single sign-on is configured, and its button label', security: [] } }, async () => ({
    sso: s.oidc ? { enabled: true, label: s.oidc.config.label } : { enabled: false },
  }));

  app.get('/api/v1/auth/sso/start', { schema: { tags, summary: 'Start single sign-on: redirects to the identity provider', security: [] } }, async (req, reply) => {
    if (!s.oidc) throw notFound('auth.sso_off', 'Single sign-on is not configured.');
    return reply.redirect(await s.oidc.start(redirectUri(req)), 302);
  });

  app.get(
    callbackPath,
    {
      schema: {
        tags,
        summary: 'The identity provider sends the browser back here; sets the session cookies and redirects to the app (or to the login page with sso_error)',
        security: [],
        querystring: { type: 'object', properties: { code: { type: 'string', maxLength: 4096 }, state: { type: 'string', maxLength: 200 }, error: { type: 'string', maxLength: 200 } } },
      },
    },
    async (req, reply) => {
      if (!s.oidc) throw notFound('auth.sso_off', 'Single sign-on is not configured.');
      const q = req.query as { code?: string; state?: string; error?: string };
      try {
        if (q.error || !q.code || !q.state) throw new DomainError('unauthenticated', 'auth.sso_failed', 'Single sign-on failed: the provider sent no code.');
        const r = await s.oidc.callback(q.code, q.state, req.ip, req.headers['user-agent']);
        setSessionCookies(reply, r.token, r.csrfToken, req.protocol === 'https');
        return reply.redirect('/', 302);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        req.log.warn({ code: err.code, reason: err.message }, 'single sign-on refused');
        return reply.redirect(`/?sso_error=${encodeURIComponent(err.code)}`, 302);
      }
    },
  );
}
