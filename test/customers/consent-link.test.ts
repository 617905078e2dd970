import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekToken, signToken, type LinkToken } from '../../src/flows/consent-link/token.js';
import { inboxChannel, type InboxChannel } from '../inbox/channel.js';
import { startInbox, waitFor, type InboxHarness } from '../inbox/harness.js';
import { LocalBankLogin } from '../support/bank-login.js';
import type { ApiClient } from '../support/client.js';

/** A customer's browser: follows nothing by itself, keeps cookies. */
class Browser {
  cookies = new Map<string, string>();
  async go(url: string, form?: Record<string, string>): Promise<{ status: number; html: string }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: form ? 'POST' : 'GET', headers, redirect: 'manual', ...(form ? { body: new URLSearchParams(form).toString() } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || v.join('=') === '') this.cookies.delete(k!);
      else this.cookies.set(k!, v.join('='));
    }
    return { status: res.status, html: await res.text() };
  }
}

const attr = (html: string, id: string, name: string) => {
  const m = new RegExp(`id="${id}"[^>]*${name}="([^"]*)"|${name}="([^"]*)"[^>]*id="${id}"`).exec(html);
  return (m?.[1] ?? m?.[2] ?? '').replace(/&amp;/g, '&');
};
const codeOf = (html: string) => /data-code="([^"]+)"/.exec(html)?.[1];

describe('consent link: from a conversation to a linked customer, and back', () => {
  let h: InboxHarness;
  let kakao: InboxChannel;
  let bank: LocalBankLogin;
  let agent: ApiClient;
  let ws: string;
  let otherWs: string;
  let authorId: string;
  let conversationId: string;
  let url: string;
  const C = () => `/api/v1/w/${ws}/customers`;

  beforeAll(async () => {
    kakao = inboxChannel('kakao', { canReplyPrivately: true, maxLength: 2000 });
    h = await startInbox([kakao]);
    ws = h.ws;
    agent = (await h.member('agent@bank.test', 'agent', '상담원')).api;
    bank = await new LocalBankLogin().start();
    bank.users.set('minsu', { password: 'pw-minsu', externalId: 'C-001' });
    bank.users.set('ghost', { password: 'pw-ghost', externalId: 'C-404' });
    expect(
      (
        await h.api.request('PUT', C(), {
          customers: [
            { externalId: 'C-001', name: '김민수', segment: 'VIP' },
            { externalId: 'C-002', name: '이영희' },
          ],
        })
      ).status,
    ).toBe(200);
    const set = await h.api.request('PUT', `/api/v1/w/${ws}/consent/settings`, { loginUrl: `${bank.url}/login`, purpose: '문의 답변을 위한 계정 연결', rotateAssertionSecret: true });
    expect(set.status).toBe(200);
    bank.secret = set.body.settings.assertionSecret;
    expect(bank.secret).toMatch(/^[\w-]{40,}$/);
    expect((await h.api.get(`/api/v1/w/${ws}/consent/settings`)).body.settings.assertionSecret).toBeUndefined();
    otherWs = (await h.api.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await h.deliver('kakao', [{ id: 'dm-1', author: 'minsu_k', name: '민수', text: '카드 결제가 두 번 됐어요. 환불해 주세요', at: new Date().toISOString(), private: true }]);
    const routed = await h.routed('dm-1');
    conversationId = routed.id;
    authorId = routed.conversation.conversation.customer.id;
  }, 120_000);
  afterAll(async () => {
    await bank?.close();
    await h?.close();
  });

  it('an agent sends a signed, expiring link as a private reply', async () => {
    const r = await agent.post(`${h.base}/conversations/${conversationId}/consent-link`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    url = r.body.url;
    expect(url).toMatch(/\/consent\/[\w-]+\.[\w-]+$/);
    const sent = await waitFor(
      async () => kakao.sent,
      (s) => s.length > 0,
      'the private reply',
    );
    expect(sent[0]!.text).toContain(url);
    expect(sent[0]!.private).toBe(true);
    // Another workspace's member cannot send from this conversation.
    expect((await h.api.post(`/api/v1/w/${otherWs}/inbox/conversations/${conversationId}/consent-link`, {})).status).toBe(404);
  });

  it('refuses forged, altered and foreign-workspace tokens with a page, never a 5xx', async () => {
    const b = new Browser();
    const [payload, sig] = url.split('/consent/')[1]!.split('.') as [string, string];
    const claims = peekToken(`${payload}.${sig}`) as Extract<LinkToken, { k: 'c' }>;
    expect(claims).toMatchObject({ k: 'c', w: ws });
    const forgedSig = `${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherPayload = signToken('any', { ...claims, w: otherWs }).split('.')[0];
    const keysB = await h.server.runtime.services.customers.consent.keys(otherWs);
    const signedByB = signToken(keysB.link, { ...claims, w: otherWs });
    const randomRequest = signToken((await h.server.runtime.services.customers.consent.keys(ws)).link, { ...claims, r: '00000000-0000-4000-8000-000000000000' });
    for (const token of [forgedSig, `${otherPayload}.${sig}`, signedByB, randomRequest, 'garbage.token', `${payload}.`, 'x'.repeat(40)]) {
      const r = await b.go(`${h.server.url}/consent/${token}`);
      expect(r.status, token).toBeGreaterThanOrEqual(400);
      expect(r.status, token).toBeLessThan(500);
    }
    expect(codeOf((await b.go(`${h.server.url}/consent/${forgedSig}`)).html)).toBe('consent.link_invalid');
    expect(codeOf((await b.go(`${h.server.url}/consent/${signedByB}`)).html)).toBe('consent.link_invalid');
  });

  it('the customer signs in with the bank and consents; the link is recorded with its proof', async () => {
    const b = new Browser();
    const open = await b.go(url);
    expect(open.status).toBe(200);
    expect(open.html).toContain('문의 답변을 위한 계정 연결');
    const login = attr(open.html, 'bank-login', 'href');
    expect(login.startsWith(`${bank.url}/login?state=`)).toBe(true);
    const form = new URL(login);
    // A forged assertion (wrong secret) and one for another request are refused.
    const back = form.searchParams.get('return_to')!;
    const state = form.searchParams.get('state')!;
    expect(codeOf((await b.go(back, { assertion: bank.assertion('C-001', state, { secret: 'not-the-secret' }) })).html)).toBe('consent.assertion_invalid');
    expect(codeOf((await b.go(back, { assertion: bank.assertion('C-001', '00000000-0000-4000-8000-000000000000') })).html)).toBe('consent.assertion_invalid');
    expect(codeOf((await b.go(back, { assertion: bank.assertion('C-001', state, { ageSeconds: 400 }) })).html)).toBe('consent.assertion_expired');
    expect(codeOf((await b.go(back, { assertion: bank.assertion('C-404', state) })).html)).toBe('consent.customer_unknown');
    // The real sign-in at the bank.
    expect((await b.go(`${bank.url}/login`, { username: 'minsu', password: 'wrong', state, return_to: back })).status).toBe(401);
    const signed = await b.go(`${bank.url}/login`, { username: 'minsu', password: 'pw-minsu', state, return_to: back });
    const assertion = attr(signed.html, '', 'value') || /name="assertion" value="([^"]+)"/.exec(signed.html)![1]!;
    // Consent without the browser that signed in is refused.
    const agreeAt = `${url}/agree`;
    const consent = await b.go(back, { assertion });
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('id="agree"');
    expect(codeOf((await new Browser().go(agreeAt, {})).html)).toBe('consent.spent');
    // Replaying the bank's assertion finds the link spent.
    expect(codeOf((await new Browser().go(back, { assertion })).html)).toBe('consent.spent');
    const done = await b.go(agreeAt, {});
    expect(done.status).toBe(200);
    const revokeHref = attr(done.html, 'revoke-link', 'href');
    expect(revokeHref).toContain('/consent/revoke/');
    // Replays of the consent link and of the consent itself are refused.
    expect(codeOf((await b.go(url)).html)).toBe('consent.spent');
    expect(codeOf((await b.go(agreeAt, {})).html)).toBe('consent.spent');

    const panel = await agent.get(`/api/v1/w/${ws}/authors/${authorId}/customer`);
    expect(panel.status).toBe(200);
    expect(panel.body.linked.customer).toMatchObject({ externalId: 'C-001', name: '김*수', masked: true });
    const customerId = panel.body.linked.customer.id;
    const links = (await h.api.get(`${C()}/${customerId}/links`)).body.links;
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ author: { id: authorId, channel: 'kakao' }, purpose: '문의 답변을 위한 계정 연결', linkedBy: 'customer', proof: { method: 'bank-login-assertion', customerExternalId: 'C-001' } });
    const timeline = (await agent.get(`${C()}/${customerId}/timeline`)).body;
    expect(timeline.entries.map((e: { item: { nativeId: string } }) => e.item.nativeId)).toEqual(['dm-1']);
    expect(timeline.sentiment.length).toBe(1);
    const audit = (await h.api.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries.map((e: { action: string }) => e.action);
    for (const a of ['consent.requested', 'consent.opened', 'consent.authenticated', 'customer.linked', 'customer.viewed']) expect(audit, a).toContain(a);

    // The customer revokes: the link is gone at once from the panel, the links and the timeline.
    const rv = await b.go(revokeHref);
    expect(rv.html).toContain('id="revoke"');
    const revokeAction = `${h.server.url}${attr(rv.html, '', 'action') || new URL(revokeHref).pathname}`;
    expect((await b.go(revokeAction, {})).html).toContain('id="revoked"');
    expect((await agent.get(`/api/v1/w/${ws}/authors/${authorId}/customer`)).body.linked).toBeNull();
    expect((await h.api.get(`${C()}/${customerId}/links`)).body.links).toEqual([]);
    expect((await h.api.get(`${C()}/${customerId}/links?includeRevoked=true`)).body.links[0]).toMatchObject({ revokedBy: 'customer' });
    expect((await agent.get(`${C()}/${customerId}/timeline`)).body.entries).toEqual([]);
    const after = (await h.api.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries.map((e: { action: string }) => e.action);
    expect(after).toContain('customer.unlinked');
    // A forged revoke link does nothing.
    expect(codeOf((await b.go(`${revokeHref.slice(0, -3)}abc`, {})).html)).toBe('consent.link_invalid');
  });

  it('expired links are refused; the bank can revoke a link too', async () => {
    const r = await agent.post(`${h.base}/conversations/${conversationId}/consent-link`, { purpose: '두 번째 연결' });
    expect(r.status).toBe(201);
    await sql`update consent_requests set expires_at = now() - interval '1 minute' where id = ${r.body.requestId}`.execute(h.db);
    const b = new Browser();
    const page = await b.go(r.body.url);
    expect(page.status).toBe(400);
    expect(codeOf(page.html)).toBe('consent.expired');

    // A fresh link, completed, then revoked by the bank through the API.
    const fresh = (await agent.post(`${h.base}/conversations/${conversationId}/consent-link`, {})).body;
    const open = await b.go(fresh.url);
    const login = new URL(attr(open.html, 'bank-login', 'href'));
    const back = login.searchParams.get('return_to')!;
    await b.go(back, { assertion: bank.assertion('C-001', login.searchParams.get('state')!) });
    expect((await b.go(`${fresh.url}/agree`, {})).status).toBe(200);
    const linked = (await agent.get(`/api/v1/w/${ws}/authors/${authorId}/customer`)).body.linked;
    const linkId = linked.links[0].id;
    expect((await agent.delete(`${C()}/${linked.customer.id}/links/${linkId}`)).status).toBe(403);
    expect((await h.api.delete(`${C()}/${linked.customer.id}/links/${linkId}?reason=${encodeURIComponent('고객 요청 (전화)')}`)).status).toBe(204);
    expect((await agent.get(`/api/v1/w/${ws}/authors/${authorId}/customer`)).body.linked).toBeNull();
    expect((await h.api.delete(`${C()}/${linked.customer.id}/links/${linkId}`)).status).toBe(404);
  });
});
