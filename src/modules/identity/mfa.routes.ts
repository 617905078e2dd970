import type { FastifyInstance } from 'fastify';
import type { MfaService } from './mfa.service.js';
import type { SessionsService } from './sessions.service.js';
import { actorOf, principalOf, setSessionCookies, userOf } from './http.js';

/** The services these routes use (the composition root passes all of its own). */
export interface MfaRouteServices {
  mfa: MfaService;
  sessions: SessionsService;
}

const challenge = { type: 'string', minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } as const;
const code = { type: 'string', minLength: 6, maxLength: 40, description: 'A 6-digit code from the authenticator app, or a recovery code' } as const;

/** Two-factor sign-in (TOTP) and one's own sessions. */
export function mfaRoutes(app: FastifyInstance, s: MfaRouteServices): void {
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/login/verify',
    {
      schema: {
        tags,
        summary: 'Second step of a login: the code for the challenge that login answered; sets the session cookies',
        security: [],
        body: { type: 'object', required: ['challenge', 'code'], additionalProperties: false, properties: { challenge, code } },
      },
    },
    async (req, reply) => {
      const b = req.body as { challenge: string; code: string };
      const r = await s.mfa.verifyLogin(b.challenge, b.code, req.ip, req.headers['user-agent']);
      setSessionCookies(reply, r.token, r.csrfToken, req.protocol === 'https');
      return { ...r.me, csrfToken: r.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/login/enrol',
    {
      schema: {
        tags,
        summary: 'Forced enrolment at login: a new TOTP secret (shown once) and its otpauth:// URI for a QR code',
        security: [],
        body: { type: 'object', required: ['challenge'], additionalProperties: false, properties: { challenge } },
      },
    },
    async (req) => s.mfa.beginLoginEnrolment((req.body as { challenge: string }).challenge),
  );

  app.post(
    '/api/v1/auth/login/enrol/confirm',
    {
      schema: {
        tags,
        summary: 'Forced enrolment at login: the first code turns it on, returns recovery codes (shown once) and starts the session',
        security: [],
        body: { type: 'object', required: ['challenge', 'code'], additionalProperties: false, properties: { challenge, code } },
      },
    },
    async (req, reply) => {
      const b = req.body as { challenge: string; code: string };
      const r = await s.mfa.finishLoginEnrolment(b.challenge, b.code, req.ip, req.headers['user-agent']);
      setSessionCookies(reply, r.token, r.csrfToken, req.protocol === 'https');
      return { ...r.me, csrfToken: r.csrfToken, recoveryCodes: r.recoveryCodes };
    },
  );

  app.get('/api/v1/auth/mfa', { schema: { tags, summary: 'My two-factor sign-in: on or off, required or not, recovery codes left' } }, async (req) => ({ mfa: await s.mfa.status(userOf(req)) }));

  app.post('/api/v1/auth/mfa/setup', { schema: { tags, summary: 'Start setting up two-factor sign-in: a new secret (shown once) and its otpauth:// URI' } }, async (req) => s.mfa.begin(userOf(req)));

  app.post(
    '/api/v1/auth/mfa/confirm',
    {
      schema: { tags, summary: 'Turn two-factor sign-in on with a code from the app; returns ten recovery codes (shown once)', body: { type: 'object', required: ['code'], additionalProperties: false, properties: { code } } },
    },
    async (req) => ({ recoveryCodes: await s.mfa.confirm(userOf(req), (req.body as { code: string }).code, actorOf(req)) }),
  );

  app.post(
    '/api/v1/auth/mfa/disable',
    {
      schema: {
        tags,
        summary: 'Turn two-factor sign-in off (password and a code needed; refused while a workspace requires it)',
        body: { type: 'object', required: ['password', 'code'], additionalProperties: false, properties: { password: { type: 'string', maxLength: 1024 }, code } },
      },
    },
    async (req, reply) => {
      const b = req.body as { password: string; code: string };
      await s.mfa.disable(userOf(req), b.password, b.code, actorOf(req));
      return reply.status(204).send();
    },
  );

  app.get('/api/v1/auth/sessions', { schema: { tags, summary: 'My sessions: device, address, when started and last seen' } }, async (req) => ({ sessions: await s.sessions.list(userOf(req).id, principalOf(req).sessionId) }));

  app.delete(
    '/api/v1/auth/sessions/:sessionId',
    {
      schema: { tags, summary: 'End one of my sessions', params: { type: 'object', required: ['sessionId'], properties: { sessionId: { type: 'string', pattern: '^[0-9a-f]{64}$' } } } },
    },
    async (req, reply) => {
      await s.sessions.end(userOf(req).id, (req.params as { sessionId: string }).sessionId, actorOf(req));
      return reply.status(204).send();
    },
  );

  app.post('/api/v1/auth/sessions/end-others', { schema: { tags, summary: 'End all my sessions but this one' } }, async (req) => {
    const p = principalOf(req);
    const user = userOf(req);
    return { ended: await s.sessions.endOthers(user.id, p.sessionId ?? '', actorOf(req)) };
  });
}
