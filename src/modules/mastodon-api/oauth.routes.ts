import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_MEDIA_BYTES, MAX_MEDIA_PER_POST, MAX_POST_CHARS } from '../microblog/index.js';
import { baseOf, callerOf, str } from './kit.js';
import { escapeHtml } from './render.js';
import { OOB, oauthError, type OAuthService } from './oauth.service.js';

export const MASTODON_VERSION = '4.2.0 (compatible; Sotong 0.1)';
const TITLE = 'Sotong 사내 마이크로블로그';
const tags = ['mastodon'];
const POLLS = { max_options: 10, max_characters_per_option: 100, min_expiration: 300, max_expiration: 2629746 };
const STATUSES = { max_characters: MAX_POST_CHARS, max_media_attachments: MAX_MEDIA_PER_POST, characters_reserved_per_url: 23 };
const MEDIA = {
  supported_mime_types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
  image_size_limit: MAX_MEDIA_BYTES,
  image_matrix_limit: 33_177_600,
  video_size_limit: 0,
  video_frame_rate_limit: 0,
  video_matrix_limit: 0,
};
const wsBase = (req: FastifyRequest) => baseOf(req).replace(/^http/, 'ws');

/** Discovery (instance, nodeinfo) and OAuth (apps, authorize, token, revoke). */
export function discoveryAndOAuthRoutes(app: FastifyInstance, oauth: OAuthService): void {
  const host = (req: FastifyRequest) => String(req.headers.host ?? 'localhost');
  const v1 = async (req: FastifyRequest) => ({
    uri: host(req),
    title: TITLE,
    short_description: '은행 임직원의 실명 마이크로블로그 (internal microblog)',
    description: '은행 임직원의 실명 마이크로블로그 (internal microblog). Federation is off.',
    email: '',
    version: MASTODON_VERSION,
    urls: { streaming_api: wsBase(req) },
    stats: { user_count: 0, status_count: 0, domain_count: 0 },
    thumbnail: null,
    languages: ['ko', 'en'],
    registrations: false,
    approval_required: false,
    invites_enabled: false,
    configuration: { statuses: STATUSES, media_attachments: MEDIA, polls: POLLS, accounts: { max_featured_tags: 0 } },
    contact_account: null,
    rules: [],
  });
  app.get('/api/v1/instance', { schema: { tags, summary: 'Mastodon: instance (v1)' } }, v1);
  app.get('/api/v1/instance/', { schema: { hide: true } }, v1);
  const v2 = async (req: FastifyRequest) => ({
    domain: host(req),
    title: TITLE,
    version: MASTODON_VERSION,
    source_url: 'https://example.invalid/sotong',
    description: '은행 임직원의 실명 마이크로블로그 (internal microblog)',
    usage: { users: { active_month: 0 } },
    thumbnail: { url: `${baseOf(req)}/favicon.svg` },
    languages: ['ko', 'en'],
    configuration: { urls: { streaming: wsBase(req) }, accounts: { max_featured_tags: 0 }, statuses: STATUSES, media_attachments: MEDIA, polls: POLLS, translation: { enabled: false } },
    registrations: { enabled: false, approval_required: false, message: null },
    contact: { email: '', account: null },
    rules: [],
  });
  app.get('/api/v2/instance', { schema: { tags, summary: 'Mastodon: instance (v2)' } }, v2);
  app.get('/api/v2/instance/', { schema: { hide: true } }, v2);
  app.get('/.well-known/nodeinfo', { schema: { tags, summary: 'NodeInfo discovery' } }, async (req) => ({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${baseOf(req)}/nodeinfo/2.0` }] }));
  app.get('/nodeinfo/2.0', { schema: { tags, summary: 'NodeInfo 2.0' } }, async () => ({
    version: '2.0',
    software: { name: 'mastodon', version: MASTODON_VERSION.split(' ')[0] },
    protocols: [],
    services: { outbound: [], inbound: [] },
    usage: { users: { total: 0, activeMonth: 0, activeHalfyear: 0 }, localPosts: 0 },
    openRegistrations: false,
    metadata: { nodeName: TITLE, federation: false },
  }));
  app.post('/api/v1/apps', { schema: { tags, summary: 'Mastodon: register a client app (OAuth)' } }, async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const scopes = str(b.scopes, 500);
    const redirectUris = Array.isArray(b.redirect_uris) ? b.redirect_uris.map(String).join('\n') : (str(b.redirect_uris, 2000) ?? '');
    return oauth.createApp({ name: str(b.client_name, 200) ?? '', redirectUris, ...(scopes ? { scopes } : {}), website: str(b.website, 500) ?? null });
  });
  app.get('/api/v1/apps/verify_credentials', { schema: { tags, summary: 'Mastodon: the calling app' } }, async (req) => {
    const c = await callerOf(oauth, req);
    if (!c) throw oauthError('unauthenticated', 'invalid_token', 'The access token is missing.');
    return { name: 'app', website: null, scopes: c.scopes, vapid_key: '' };
  });

  // The browser flow: a small login form (Sotong e-mail and password), then a code to the redirect URI.
  app.get('/oauth/authorize', { schema: { tags, summary: 'OAuth: the login page of the authorization code flow' } }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const a = await oauth.app(String(q.client_id ?? ''));
    const redirect = q.redirect_uri ?? a.redirect_uris.split('\n')[0]!;
    if (!a.redirect_uris.split('\n').includes(redirect)) throw oauthError('invalid', 'invalid_request', 'redirect_uri is not one of the app’s.');
    const hidden = (k: string, v: string) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`;
    const html = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${TITLE}</title></head><body>
<h1>${escapeHtml(a.name)} 앱이 마이크로블로그 사용 권한을 요청합니다</h1><p>Sotong 계정으로 로그인하세요 (log in with your Sotong account).</p>
<form method="post" action="/oauth/authorize">${hidden('client_id', a.client_id)}${hidden('redirect_uri', redirect)}${hidden('scope', q.scope ?? a.scopes)}${hidden('state', q.state ?? '')}
<label>이메일 <input name="email" type="email" required autocomplete="username"></label><br><label>비밀번호 <input name="password" type="password" required autocomplete="current-password"></label><br><button type="submit">허용 (Authorize)</button></form></body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
  app.post('/oauth/authorize', { schema: { tags, summary: 'OAuth: log in and authorize (form post); redirects with the code' } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const a = await oauth.app(str(b.client_id, 200) ?? '');
    const redirect = str(b.redirect_uri, 2000) ?? '';
    const userId = await oauth.passwordLogin(str(b.email, 300) ?? '', str(b.password, 300) ?? '', req.ip, req.headers['user-agent']);
    const code = await oauth.issueCode(a, userId, redirect, str(b.scope, 500) || a.scopes, str(b.workspace, 100));
    if (redirect === OOB)
      return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="ko"><head><meta charset="utf-8"></head><body><p>인증 코드 (authorization code):</p><code id="code">${escapeHtml(code)}</code></body></html>`);
    const url = new URL(redirect);
    url.searchParams.set('code', code);
    const state = str(b.state, 500);
    if (state) url.searchParams.set('state', state);
    return reply.redirect(url.toString(), 302);
  });
  app.post('/oauth/token', { schema: { tags, summary: 'OAuth: token (password, authorization_code, client_credentials; JSON or form)' } }, async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const username = str(b.username, 300);
    const password = str(b.password, 300);
    const code = str(b.code, 300);
    const redirectUri = str(b.redirect_uri, 2000);
    const scope = str(b.scope, 500);
    const workspace = str(b.workspace, 100);
    return oauth.token(
      {
        grantType: str(b.grant_type, 50) ?? '',
        clientId: str(b.client_id, 200) ?? '',
        clientSecret: str(b.client_secret, 200) ?? '',
        ...(username ? { username } : {}),
        ...(password ? { password } : {}),
        ...(code ? { code } : {}),
        ...(redirectUri ? { redirectUri } : {}),
        ...(scope ? { scope } : {}),
        ...(workspace ? { workspace } : {}),
      },
      req.ip,
      req.headers['user-agent'],
    );
  });
  app.post('/oauth/revoke', { schema: { tags, summary: 'OAuth: revoke a token' } }, async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    await oauth.revoke(str(b.client_id, 200) ?? '', str(b.client_secret, 200) ?? '', str(b.token, 500) ?? '');
    return {};
  });
}
