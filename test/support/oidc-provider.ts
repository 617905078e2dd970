import crypto from 'node:crypto';
import http from 'node:http';

/** How the next ID token is made: right, or wrong in one way. */
export type TokenMode = 'ok' | 'bad_signature' | 'wrong_audience' | 'wrong_issuer' | 'expired' | 'alg_none' | 'hs256' | 'wrong_nonce' | 'unknown_key';

/**
 * A small OpenID Connect provider for tests: discovery, JWKS, an authorize endpoint that signs in
 * `user` at once, and a token endpoint that checks the code (once), client, redirect URI and PKCE
 * verifier, and answers an RS256 ID token signed with a key generated here.
 */
export class LocalOidcProvider {
  url = '';
  user = 'admin@demo.sotong.local';
  mode: TokenMode = 'ok';
  /** The nonce of the last sign-in the provider saw (for replay tests). */
  lastNonce = '';
  tokenRequests = 0;
  private server = http.createServer((req, res) => void this.handle(req, res));
  private readonly key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly otherKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly codes = new Map<string, { nonce: string; challenge: string; redirectUri: string; clientId: string; email: string }>();

  constructor(
    readonly clientId = 'sotong',
    readonly clientSecret = 'oidc-test-secret',
  ) {}

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  idToken(claims: Record<string, unknown>, mode: TokenMode = this.mode): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body: Record<string, unknown> = { iss: this.url, sub: `sub-${claims.email}`, aud: this.clientId, iat: now, exp: now + 300, ...claims };
    if (mode === 'wrong_audience') body.aud = 'someone-else';
    if (mode === 'wrong_issuer') body.iss = 'http://127.0.0.1:1/evil';
    if (mode === 'expired') Object.assign(body, { iat: now - 3600, exp: now - 1800 });
    if (mode === 'wrong_nonce') body.nonce = crypto.randomBytes(32).toString('base64url');
    if (mode === 'alg_none') return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(body)}.`;
    if (mode === 'hs256') {
      // The classic confusion: HMAC keyed with the public key.
      const header = enc({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
      const pub = this.key.publicKey.export({ type: 'spki', format: 'pem' });
      return `${header}.${enc(body)}.${crypto
        .createHmac('sha256', pub)
        .update(`${header}.${enc(body)}`)
        .digest('base64url')}`;
    }
    const header = enc({ alg: 'RS256', typ: 'JWT', kid: mode === 'unknown_key' ? 'k2' : 'k1' });
    const signer = mode === 'bad_signature' || mode === 'unknown_key' ? this.otherKey.privateKey : this.key.privateKey;
    return `${header}.${enc(body)}.${crypto.sign('sha256', Buffer.from(`${header}.${enc(body)}`), signer).toString('base64url')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (u.pathname === '/.well-known/openid-configuration') return json(200, { issuer: this.url, authorization_endpoint: `${this.url}/authorize`, token_endpoint: `${this.url}/token`, jwks_uri: `${this.url}/jwks` });
    if (u.pathname === '/jwks') return json(200, { keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] });
    if (u.pathname === '/authorize') {
      const p = Object.fromEntries(u.searchParams);
      if (p.response_type !== 'code' || p.client_id !== this.clientId || p.code_challenge_method !== 'S256' || !p.code_challenge || !p.nonce || !p.state) return json(400, { error: 'invalid_request' });
      const code = crypto.randomBytes(16).toString('hex');
      this.codes.set(code, { nonce: p.nonce, challenge: p.code_challenge, redirectUri: p.redirect_uri!, clientId: p.client_id, email: this.user });
      this.lastNonce = p.nonce;
      res.writeHead(302, { location: `${p.redirect_uri}?code=${code}&state=${encodeURIComponent(p.state)}` }).end();
      return;
    }
    if (u.pathname === '/token' && req.method === 'POST') {
      this.tokenRequests++;
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const p = Object.fromEntries(new URLSearchParams(raw));
      const c = this.codes.get(p.code ?? '');
      this.codes.delete(p.code ?? '');
      const verifierOk =
        c &&
        crypto
          .createHash('sha256')
          .update(p.code_verifier ?? '')
          .digest('base64url') === c.challenge;
      if (!c || !verifierOk || p.client_id !== c.clientId || p.redirect_uri !== c.redirectUri || p.client_secret !== this.clientSecret) return json(400, { error: 'invalid_grant' });
      return json(200, { access_token: 'at', token_type: 'Bearer', id_token: this.idToken({ email: c.email, email_verified: true, nonce: c.nonce }) });
    }
    json(404, { error: 'not_found' });
  }
}
