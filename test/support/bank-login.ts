import http from 'node:http';
import { signAssertion } from '../../src/flows/consent-link/index.js';

/**
 * The bank's login page for tests and the demo: a local server that signs a customer in with a
 * username and password and posts back to Sotong a signed assertion (HMAC-SHA256 under the secret the
 * workspace shares with it) naming the customer's external id and the consent request (`state`).
 */
export class LocalBankLogin {
  url = '';
  secret = '';
  readonly users = new Map<string, { password: string; externalId: string }>();
  private server = http.createServer((req, res) => void this.handle(req, res));

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  assertion(externalId: string, state: string, opts: { secret?: string; ageSeconds?: number } = {}): string {
    const now = Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0);
    return signAssertion(opts.secret ?? this.secret, { sub: externalId, state, iat: now, exp: now + 300 });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>한빛은행 로그인</title></head><body>${body}</body></html>`);
    };
    if (req.method === 'GET' && url.pathname === '/login') {
      const state = url.searchParams.get('state') ?? '';
      const back = url.searchParams.get('return_to') ?? '';
      return send(
        200,
        `<h1>한빛은행 로그인</h1><form method="post" action="/login"><input type="hidden" name="state" value="${esc(state)}"><input type="hidden" name="return_to" value="${esc(back)}"><input id="username" name="username"><input id="password" name="password" type="password"><button id="login" type="submit">로그인</button></form>`,
      );
    }
    if (req.method === 'POST' && url.pathname === '/login') {
      let text = '';
      for await (const chunk of req) text += chunk;
      const f = new URLSearchParams(text);
      const user = this.users.get(f.get('username') ?? '');
      if (!user || user.password !== f.get('password')) return send(401, '<p id="login-error">아이디 또는 비밀번호가 틀립니다.</p>');
      const assertion = this.assertion(user.externalId, f.get('state') ?? '');
      return send(
        200,
        `<form id="back" method="post" action="${esc(f.get('return_to') ?? '')}"><input type="hidden" name="assertion" value="${esc(assertion)}"><button type="submit">계속</button></form><script>document.getElementById('back').submit()</script>`,
      );
    }
    send(404, 'not found');
  }
}
