import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { workspaceParams, type ScopeOf } from '../../http/context.js';
import type { Actor } from '../../platform/actor.js';
import { DomainError } from '../../platform/errors.js';
import type { ConsentLinkFlow } from './consent-link.service.js';
import { consentPage, donePage, errorPage, openPage, revokePage } from './pages.js';

export interface ConsentLinkRouteServices {
  scopeOf: ScopeOf;
  consentLink: ConsentLinkFlow;
  /** SOTONG_PUBLIC_URL: where customers reach this server (else the request's own origin). */
  publicUrl?: string;
}

const SESSION_COOKIE = 'sotong_consent';
const STATUS: Record<string, number> = { invalid: 400, not_found: 404, conflict: 409 };
const customer = (req: FastifyRequest): Actor => ({ userId: null, label: 'customer', ip: req.ip });
const tokenParams = { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 10, maxLength: 100 } } } as const;

function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'")
    .send(body);
}

/** A page, or the error page for a domain error (never a 5xx for what a stranger sends). */
async function page(reply: FastifyReply, fn: () => Promise<string>) {
  try {
    return html(reply, 200, await fn());
  } catch (err) {
    if (err instanceof DomainError) return html(reply, STATUS[err.kind] ?? 400, errorPage(err.code));
    throw err;
  }
}

function cookieOf(req: FastifyRequest, token: string): string | undefined {
  const all = (req.cookies ?? {}) as Record<string, string | undefined>;
  return all[`${SESSION_COOKIE}_${token.slice(-16)}`];
}

export function consentLinkRoutes(app: FastifyInstance, s: ConsentLinkRouteServices): void {
  const base = (req: FastifyRequest) => s.publicUrl ?? `${req.protocol}://${req.host}`;
  const tags = ['customers'];
  app.post(
    '/api/v1/w/:workspaceId/inbox/conversations/:conversationId/consent-link',
    {
      schema: {
        tags,
        summary: 'Send the customer a signed, expiring consent link as a private reply in this conversation',
        params: { type: 'object', required: ['workspaceId', 'conversationId'], properties: { ...workspaceParams.properties, conversationId: { type: 'string', format: 'uuid' } } },
        body: { type: 'object', additionalProperties: false, properties: { purpose: { type: 'string', minLength: 1, maxLength: 1000 } } },
      },
    },
    async (req, reply) => {
      const scope = await s.scopeOf(req);
      const b = (req.body ?? {}) as { purpose?: string };
      return reply.status(201).send(await s.consentLink.send(scope, (req.params as { conversationId: string }).conversationId, { ...(b.purpose ? { purpose: b.purpose } : {}), baseUrl: base(req) }));
    },
  );

  // The public pages: no session; the signed token is the key. A form parser for them only.
  app.register(async (pub) => {
    pub.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    pub.get('/consent/:token', { schema: { params: tokenParams } }, async (req, reply) =>
      page(reply, async () => {
        const { token } = req.params as { token: string };
        const p = await s.consentLink.open(token, customer(req));
        const back = `${base(req)}/consent/${token}/assert`;
        const loginHref = p.loginUrl ? `${p.loginUrl}${p.loginUrl.includes('?') ? '&' : '?'}state=${encodeURIComponent(p.requestId)}&return_to=${encodeURIComponent(back)}` : null;
        return openPage({ purpose: p.purpose, expiresAt: p.expiresAt, loginHref });
      }),
    );
    pub.post('/consent/:token/assert', { schema: { params: tokenParams, body: { type: 'object', required: ['assertion'], properties: { assertion: { type: 'string', maxLength: 2000 } } } } }, async (req, reply) =>
      page(reply, async () => {
        const { token } = req.params as { token: string };
        const r = await s.consentLink.authenticated(token, (req.body as { assertion: string }).assertion, customer(req));
        reply.setCookie(`${SESSION_COOKIE}_${token.slice(-16)}`, r.session, { path: '/consent', httpOnly: true, sameSite: 'lax', secure: base(req).startsWith('https:'), maxAge: 1800 });
        return consentPage({ purpose: r.page.purpose, action: `/consent/${token}/agree` });
      }),
    );
    pub.post('/consent/:token/agree', { schema: { params: tokenParams } }, async (req, reply) =>
      page(reply, async () => {
        const { token } = req.params as { token: string };
        const session = cookieOf(req, token) ?? '';
        const r = await s.consentLink.agree(token, session, customer(req), { ip: req.ip, ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}) });
        reply.clearCookie(`${SESSION_COOKIE}_${token.slice(-16)}`, { path: '/consent' });
        return donePage({ revokeHref: `${base(req)}/consent/revoke/${r.revokeToken}` });
      }),
    );
    pub.get('/consent/revoke/:token', { schema: { params: tokenParams } }, async (req, reply) =>
      page(reply, async () => {
        const { token } = req.params as { token: string };
        return revokePage({ ...(await s.consentLink.revokeInfo(token, customer(req))), action: `/consent/revoke/${token}` });
      }),
    );
    pub.post('/consent/revoke/:token', { schema: { params: tokenParams } }, async (req, reply) =>
      page(reply, async () => {
        const { token } = req.params as { token: string };
        await s.consentLink.revoke(token, customer(req));
        return revokePage({ ...(await s.consentLink.revokeInfo(token, customer(req))), action: `/consent/revoke/${token}` });
      }),
    );
  });
}
