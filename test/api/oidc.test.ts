import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { LocalOidcProvider, type TokenMode } from '../support/oidc-provider.js';

let idp: LocalOidcProvider;
let server: TestServer;
beforeAll(async () => {
  idp = await new LocalOidcProvider().start();
  server = await startTestServer({ roles: ['web'], env: { SOTONG_OIDC_ISSUER: idp.url, SOTONG_OIDC_CLIENT_ID: 'sotong', SOTONG_OIDC_CLIENT_SECRET: 'oidc-test-secret', SOTONG_OIDC_LABEL: 'Bank SSO' } });
});
afterAll(async () => {
  await server?.close();
  await idp?.close();
});

const manual = (url: string) => fetch(url, { redirect: 'manual' });

/** The browser's part: start, the provider's redirect, the callback. Returns the callback answer and its URL. */
async function signOn(): Promise<{ res: Response; callbackUrl: string }> {
  const start = await manual(`${server.url}/api/v1/auth/sso/start`);
  expect(start.status).toBe(302);
  const authorize = start.headers.get('location')!;
  expect(authorize.startsWith(`${idp.url}/authorize?`)).toBe(true);
  const q = new URL(authorize).searchParams;
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('redirect_uri')).toBe(`${server.url}/api/v1/auth/sso/callback`);
  const back = await manual(authorize);
  const callbackUrl = back.headers.get('location')!;
  return { res: await manual(callbackUrl), callbackUrl };
}

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sotong_session='))
    ?.split(';')[0];

describe('single sign-on (OIDC, authorization code + PKCE)', () => {
  it('announces the button and signs the user in with a verified RS256 ID token', async () => {
    expect((await (await fetch(`${server.url}/api/v1/auth/sso`)).json()).sso).toEqual({ enabled: true, label: 'Bank SSO' });
    idp.mode = 'ok';
    const { res } = await signOn();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = cookieOf(res);
    expect(cookie).toBeDefined();
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: cookie! } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.email).toBe('admin@demo.sotong.local');
  });

  const hostile: Array<[TokenMode, string]> = [
    ['bad_signature', 'signed with another key'],
    ['unknown_key', 'an unknown key id'],
    ['wrong_audience', 'for another client'],
    ['wrong_issuer', 'from another issuer'],
    ['expired', 'expired'],
    ['alg_none', 'alg=none'],
    ['hs256', 'HS256 keyed with the public key'],
    ['wrong_nonce', 'for another sign-in (nonce)'],
  ];
  for (const [mode, what] of hostile) {
    it(`refuses an ID token ${what}`, async () => {
      idp.mode = mode;
      const { res } = await signOn();
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/?sso_error=auth.sso_failed');
      expect(cookieOf(res)).toBeUndefined();
    });
  }

  it('refuses a replayed callback (state and nonce are used once) and a token replayed into another sign-in', async () => {
    idp.mode = 'ok';
    const first = await signOn();
    expect(cookieOf(first.res)).toBeDefined();
    const again = await manual(first.callbackUrl);
    expect(again.headers.get('location')).toBe('/?sso_error=auth.sso_failed');
    expect(cookieOf(again)).toBeUndefined();
    // An ID token minted for the first sign-in's nonce, presented in a second: the verifier refuses it.
    const oldNonce = idp.lastNonce;
    const stale = idp.idToken({ email: 'admin@demo.sotong.local', nonce: oldNonce }, 'ok');
    await expect(server.runtime.services.oidc!.verify(stale, 'a-different-nonce-of-the-same-length-000000')).rejects.toThrow(/nonce/);
    await expect(server.runtime.services.oidc!.verify(stale, oldNonce)).resolves.toMatchObject({ email: 'admin@demo.sotong.local' });
  });

  it('refuses an unknown user and a callback without code or with a forged state', async () => {
    idp.mode = 'ok';
    idp.user = 'stranger@elsewhere.test';
    const { res } = await signOn();
    expect(res.headers.get('location')).toBe('/?sso_error=auth.sso_failed');
    idp.user = 'admin@demo.sotong.local';
    expect((await manual(`${server.url}/api/v1/auth/sso/callback?code=x&state=forged`)).headers.get('location')).toBe('/?sso_error=auth.sso_failed');
    expect((await manual(`${server.url}/api/v1/auth/sso/callback?error=access_denied`)).headers.get('location')).toBe('/?sso_error=auth.sso_failed');
  });
});
