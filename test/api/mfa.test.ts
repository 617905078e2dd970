import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { base32Decode, totp } from '../../src/modules/identity/totp.js';

let server: TestServer;
let admin: ApiClient;
let ws: string;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  server = await startTestServer({ clock, roles: ['web'] });
  admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  ws = server.admin.workspaceId;
});
afterAll(async () => server.close());

const code = (secret: string) => totp(base32Decode(secret), clock.now().getTime());
const nextStep = () => clock.advance(30_000);

async function addUser(email: string, role: string) {
  const r = await admin.post(`/api/v1/w/${ws}/users`, { email, name: email.split('@')[0], role, password: 'correct-horse-battery-9' });
  expect(r.status).toBe(201);
  return { email, password: 'correct-horse-battery-9' };
}

describe('two-factor sign-in (TOTP)', () => {
  let secret = '';
  let recovery: string[] = [];
  const user = { email: 'mfa-analyst@bank.test', password: 'correct-horse-battery-9' };

  it('enrols a signed-in user: secret and otpauth URI shown, a wrong code refused, the right one turns it on with 10 recovery codes', async () => {
    await addUser(user.email, 'analyst');
    const c = new ApiClient(server.url);
    await c.login(user.email, user.password);
    expect((await c.get('/api/v1/auth/mfa')).body.mfa).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    const setup = await c.post('/api/v1/auth/mfa/setup');
    expect(setup.status).toBe(200);
    secret = setup.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toBe(`otpauth://totp/Sotong:mfa-analyst%40bank.test?secret=${secret}&issuer=Sotong&algorithm=SHA1&digits=6&period=30`);
    const wrong = String((Number(code(secret)) + 1) % 1_000_000).padStart(6, '0');
    expect((await c.post('/api/v1/auth/mfa/confirm', { code: wrong })).body.error.code).toBe('auth.invalid_code');
    const ok = await c.post('/api/v1/auth/mfa/confirm', { code: code(secret) });
    expect(ok.status).toBe(200);
    recovery = ok.body.recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect((await c.get('/api/v1/auth/mfa')).body.mfa).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
  });

  it('login then asks for the code: no session before it, a used code is refused, a fresh one signs in', async () => {
    const c = new ApiClient(server.url);
    const first = await c.login(user.email, user.password);
    expect(first.status).toBe(200);
    expect(first.body.mfa.kind).toBe('totp');
    expect(first.headers.getSetCookie().some((h) => h.startsWith('sotong_session='))).toBe(false);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    // The code that enrolled is of this time step: it works once only.
    expect((await c.post('/api/v1/auth/login/verify', { challenge: first.body.mfa.token, code: code(secret) })).body.error.code).toBe('auth.invalid_code');
    nextStep();
    const ok = await c.post('/api/v1/auth/login/verify', { challenge: first.body.mfa.token, code: code(secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(user.email);
    c.csrf = ok.body.csrfToken;
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    // The challenge is spent.
    nextStep();
    expect((await new ApiClient(server.url).post('/api/v1/auth/login/verify', { challenge: first.body.mfa.token, code: code(secret) })).body.error.code).toBe('auth.challenge_expired');
  });

  it('a recovery code works once', async () => {
    const use = async () => {
      const c = new ApiClient(server.url);
      const l = await c.login(user.email, user.password);
      return c.post('/api/v1/auth/login/verify', { challenge: l.body.mfa.token, code: recovery[3]!.toUpperCase() });
    };
    expect((await use()).status).toBe(200);
    expect((await use()).status).toBe(401);
  });

  it('a challenge takes 5 wrong codes, then not even the right one; a challenge expires after 5 minutes', async () => {
    const c = new ApiClient(server.url);
    const l = await c.login(user.email, user.password);
    for (let i = 0; i < 5; i++) expect((await c.post('/api/v1/auth/login/verify', { challenge: l.body.mfa.token, code: '000000' })).status).toBe(401);
    nextStep();
    expect((await c.post('/api/v1/auth/login/verify', { challenge: l.body.mfa.token, code: code(secret) })).body.error.code).toBe('auth.challenge_expired');
    const l2 = await c.login(user.email, user.password);
    clock.advance(5 * 60_000 + 1000);
    expect((await c.post('/api/v1/auth/login/verify', { challenge: l2.body.mfa.token, code: code(secret) })).body.error.code).toBe('auth.challenge_expired');
  });

  it('wrong codes are throttled per account (10 in 15 minutes) → 429', async () => {
    const c = new ApiClient(server.url);
    let last = 0;
    for (let i = 0; i < 3; i++) {
      const l = await c.login(user.email, user.password);
      for (let k = 0; k < 5 && last !== 429; k++) last = (await c.post('/api/v1/auth/login/verify', { challenge: l.body.mfa.token, code: '999999' })).status;
    }
    expect(last).toBe(429);
    clock.advance(16 * 60_000);
  });

  it('a workspace that requires it makes admins and compliance enrol at login; agents are not asked', async () => {
    expect((await admin.patch(`/api/v1/w/${ws}/settings`, { requireMfa: true })).body.settings?.requireMfa ?? true).toBe(true);
    const officer = await addUser('officer@bank.test', 'compliance');
    const agent = await addUser('agent-nomfa@bank.test', 'agent');
    const a = new ApiClient(server.url);
    expect((await a.login(agent.email, agent.password)).body.mfa).toBeUndefined();

    const c = new ApiClient(server.url);
    const l = await c.login(officer.email, officer.password);
    expect(l.body.mfa.kind).toBe('enrol');
    // An enrolment challenge is not a code challenge.
    expect((await c.post('/api/v1/auth/login/verify', { challenge: l.body.mfa.token, code: '123456' })).body.error.code).toBe('auth.challenge_expired');
    const setup = await c.post('/api/v1/auth/login/enrol', { challenge: l.body.mfa.token });
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Sotong:officer%40bank\.test\?secret=/);
    const done = await c.post('/api/v1/auth/login/enrol/confirm', { challenge: l.body.mfa.token, code: code(setup.body.secret) });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);
    c.csrf = done.body.csrfToken;
    expect((await c.get('/api/v1/auth/mfa')).body.mfa).toMatchObject({ enabled: true, required: true });
    // While required, it cannot be turned off.
    nextStep();
    const off = await c.post('/api/v1/auth/mfa/disable', { password: officer.password, code: code(setup.body.secret) });
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('auth.mfa_required');
    await admin.patch(`/api/v1/w/${ws}/settings`, { requireMfa: false });
  });

  it('the admin whose workspace requires it is asked at the next login too', async () => {
    await admin.patch(`/api/v1/w/${ws}/settings`, { requireMfa: true });
    const c = new ApiClient(server.url);
    expect((await c.login(server.admin.email, server.admin.password)).body.mfa.kind).toBe('enrol');
    await admin.patch(`/api/v1/w/${ws}/settings`, { requireMfa: false });
    expect((await c.login(server.admin.email, server.admin.password)).body.mfa).toBeUndefined();
  });
});

describe('my sessions', () => {
  it('lists them with device and address, ends one, ends all others, never another user’s', async () => {
    const u = await addUser('sessions@bank.test', 'agent');
    const laptop = new ApiClient(server.url);
    const phone = new ApiClient(server.url);
    await laptop
      .request('POST', '/api/v1/auth/login', { email: u.email, password: u.password }, { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36' })
      .then((r) => (laptop.csrf = r.body.csrfToken));
    await phone
      .request('POST', '/api/v1/auth/login', { email: u.email, password: u.password }, { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1' })
      .then((r) => (phone.csrf = r.body.csrfToken));
    const tablet = new ApiClient(server.url);
    await tablet.login(u.email, u.password);

    const list = await laptop.get('/api/v1/auth/sessions');
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as Array<{ id: string; current: boolean; device: string; ip: string; createdAt: string; lastSeenAt: string }>;
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => s.current)!.device).toBe('Chrome on Windows');
    expect(sessions.map((s) => s.device)).toContain('Safari on iOS');
    expect(sessions[0]!.ip).toBe('127.0.0.1');
    expect(sessions.every((s) => s.id.length === 64 && !Number.isNaN(Date.parse(s.createdAt)) && !Number.isNaN(Date.parse(s.lastSeenAt)))).toBe(true);

    // Another user cannot end it.
    const phoneId = sessions.find((s) => s.device === 'Safari on iOS')!.id;
    expect((await admin.delete(`/api/v1/auth/sessions/${phoneId}`)).status).toBe(404);
    expect((await phone.get('/api/v1/auth/me')).status).toBe(200);

    expect((await laptop.delete(`/api/v1/auth/sessions/${phoneId}`)).status).toBe(204);
    expect((await phone.get('/api/v1/auth/me')).status).toBe(401);
    expect((await tablet.get('/api/v1/auth/me')).status).toBe(200);

    const others = await laptop.post('/api/v1/auth/sessions/end-others');
    expect(others.body.ended).toBe(1);
    expect((await tablet.get('/api/v1/auth/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/auth/me')).status).toBe(200);
    expect((await laptop.get('/api/v1/auth/sessions')).body.sessions).toHaveLength(1);
    // The audit trail has both.
    const audit = await admin.get(`/api/v1/w/${ws}/audit?limit=200`);
    expect(audit.status).toBe(200);
  });
});
