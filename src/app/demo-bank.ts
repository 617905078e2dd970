/**
 * The demo's bank login (issue #17): the page a customer meets after opening a consent link in the demo
 * workspace. A real bank signs the customer in on its own site and posts back a signed assertion; here
 * Sotong plays the bank for its demo workspace only: customer number plus the demo password, then the
 * assertion signed with the workspace's shared secret, posted back to the consent page. Installations
 * without the demo workspace answer 404. The customers are the demo's fictional ones (`demoCustomers`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { demoCustomers } from '../demo/dataset/index.js';
import { signAssertion } from '../flows/consent-link/index.js';
import { systemActor } from '../platform/actor.js';
import { demoWorkspaceId } from './demo.js';
import type { Services } from './services.js';

export const DEMO_BANK_PATH = '/demo-bank/login';
export const DEMO_BANK_PASSWORD = 'demo1234';
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Only back to a consent page of this server: the form posts to the path, never to another origin. */
const ASSERT_PATH = /^\/consent\/[A-Za-z0-9_.~-]{10,200}\/assert$/;

function page(reply: FastifyReply, status: number, body: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>한빛은행 로그인 (데모)</title><style>body{font-family:system-ui,'Noto Sans CJK KR',sans-serif;max-width:420px;margin:48px auto;padding:0 16px;color:#1b2430}label{display:block;margin:12px 0 4px}input{width:100%;padding:8px;box-sizing:border-box}button{margin-top:16px;padding:8px 16px}.note{color:#5b6776;font-size:14px}.err{color:#b42318}</style></head><body>${body}</body></html>`,
    );
}

function backPath(returnTo: string): string | null {
  try {
    const p = new URL(returnTo, 'http://x').pathname;
    return ASSERT_PATH.test(p) ? p : null;
  } catch {
    return null;
  }
}

function loginForm(state: string, returnTo: string, error?: string): string {
  const sample = demoCustomers
    .slice(0, 3)
    .map((c) => `<code>${esc(c.externalId)}</code>`)
    .join(', ');
  return `<h1>한빛은행 로그인</h1><p class="note">Sotong 데모의 가상 은행입니다. 데모 고객번호(예: ${sample})와 비밀번호 <code>${DEMO_BANK_PASSWORD}</code>로 로그인하세요.</p>${error ? `<p class="err" id="login-error">${esc(error)}</p>` : ''}<form method="post" action="${DEMO_BANK_PATH}"><input type="hidden" name="state" value="${esc(state)}"><input type="hidden" name="return_to" value="${esc(returnTo)}"><label for="username">고객번호</label><input id="username" name="username" autocomplete="username" required><label for="password">비밀번호</label><input id="password" name="password" type="password" autocomplete="current-password" required><button id="login" type="submit">로그인</button></form>`;
}

export function demoBankRoutes(app: FastifyInstance, s: Services): void {
  void app.register(async (pub) => {
    pub.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    pub.get(DEMO_BANK_PATH, { schema: { hide: true, querystring: { type: 'object', properties: { state: { type: 'string', maxLength: 100 }, return_to: { type: 'string', maxLength: 1000 } } } } }, async (req, reply) => {
      if (!(await demoWorkspaceId(s))) return page(reply, 404, '<p>이 설치에는 데모 은행이 없습니다.</p>');
      const q = req.query as { state?: string; return_to?: string };
      if (!q.state || !backPath(q.return_to ?? '')) return page(reply, 400, '<p class="err" id="bank-error">동의 링크에서 다시 시작해 주세요.</p>');
      return page(reply, 200, loginForm(q.state, backPath(q.return_to ?? '') ?? ''));
    });
    pub.post(DEMO_BANK_PATH, { schema: { hide: true } }, async (req, reply) => {
      const ws = await demoWorkspaceId(s);
      if (!ws) return page(reply, 404, '<p>이 설치에는 데모 은행이 없습니다.</p>');
      const f = (req.body ?? {}) as Record<string, string>;
      const back = backPath(f.return_to ?? '');
      const state = (f.state ?? '').slice(0, 100);
      if (!back || !state) return page(reply, 400, '<p class="err" id="bank-error">동의 링크에서 다시 시작해 주세요.</p>');
      const customer = await s.customers.customers.rowByExternalId(ws, (f.username ?? '').trim().slice(0, 100));
      if (!customer || f.password !== DEMO_BANK_PASSWORD) return page(reply, 401, loginForm(state, back, '고객번호 또는 비밀번호가 맞지 않습니다.'));
      const now = Math.floor(s.clock.now().getTime() / 1000);
      const assertion = signAssertion((await s.customers.consent.keys(ws)).assertion, { sub: customer.external_id, state, iat: now, exp: now + 300 });
      return page(
        reply,
        200,
        `<form id="back" method="post" action="${esc(back)}"><input type="hidden" name="assertion" value="${esc(assertion)}"><h1>한빛은행</h1><p>로그인했습니다. Sotong의 동의 화면으로 돌아갑니다.</p><button id="continue" type="submit">계속</button></form>`,
      );
    });
  });
}

/**
 * Points the demo workspace's consent settings at the demo bank (at each start: the address may change),
 * unless someone set a bank login of their own there.
 */
export async function pointDemoBank(s: Services, workspaceId: string, baseUrl: string): Promise<void> {
  const scope = { workspaceId, actor: systemActor, role: 'admin' as const, tokenScopes: null };
  const now = await s.customers.consent.getSettings(scope);
  if (now.loginUrl && !now.loginUrl.endsWith(DEMO_BANK_PATH)) return;
  const loginUrl = `${baseUrl.replace(/\/+$/, '')}${DEMO_BANK_PATH}`;
  if (now.loginUrl !== loginUrl) await s.customers.consent.setSettings(scope, { loginUrl });
}
