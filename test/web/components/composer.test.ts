/**
 * The reply composer in real Chromium (harness.ts): it counts as the channel counts against the limits the
 * server served, marks a reply over the limit, sends through the API (public, private, Ctrl+Enter, notes),
 * and says what went wrong in the dictionaries' words. The inbox e2e test (test/e2e/inbox.e2e.test.ts)
 * covers the same composer against the real server once; these cover its cases one by one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyLimits } from '../../../web/src/pages/inbox/replyLength.js';
import { conversation, reply } from './data.js';
import { type ApiRequest, FakeApi, type Harness, say, startHarness, WORKSPACE } from './harness.js';

let h: Harness;
// The refusals these tests provoke on purpose answer 422 and 500; any other console error fails.
beforeAll(async () => {
  h = await startHarness({ allowStatuses: [422, 500] });
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const CHARS: ReplyLimits = { maxLength: 20, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true };
const BYTES: ReplyLimits = { maxLength: 20, lengthUnit: 'bytes', canReplyPublicly: true, canReplyPrivately: true };
const TEXT = '안녕하세요 고객님'; // 9 characters, 25 UTF-8 bytes

function setup(limits: ReplyLimits | null, over: Record<string, unknown> = {}) {
  const conv = conversation();
  const props = { conv, replyLimits: limits, people: [], canned: [], ...over };
  const api = new FakeApi();
  const replies = `/w/${WORKSPACE.id}/inbox/conversations/${conv.id}/replies`;
  return { conv, props, api, replies };
}
const bodies = (calls: ApiRequest[]) => calls.map((c) => c.body);

describe('the reply composer in Chromium', () => {
  it('counts in the unit of the limits the server served: characters, then bytes', async () => {
    const chars = setup(CHARS);
    const a = await h.mount('composer', chars.props, chars.api);
    await a.page.getByTestId('composer-text').fill(TEXT);
    const count = a.page.getByTestId('composer-count');
    expect(await count.innerText()).toBe(say('inbox.composer.countOf', { n: 9, max: 20, unit: say('inbox.composer.unitChars') }));
    expect(await count.getAttribute('class')).not.toContain('is-over');
    expect(await a.page.getByTestId('composer-text').getAttribute('aria-invalid')).toBeNull();

    // The same text in a channel that counts UTF-8 bytes is over its limit.
    const bytes = setup(BYTES);
    const b = await h.mount('composer', bytes.props, bytes.api);
    await b.page.getByTestId('composer-text').fill(TEXT);
    const over = b.page.getByTestId('composer-count');
    expect(await over.innerText()).toBe(`${say('inbox.composer.countOf', { n: 25, max: 20, unit: say('inbox.composer.unitBytes') })} · ${say('inbox.composer.over', { n: 5 })}`);
    expect(await over.getAttribute('class')).toContain('is-over');
    expect(await b.page.getByTestId('composer-text').getAttribute('aria-invalid')).toBe('true');
    // Typing is announced to the conversation's presence once per keystroke (fill is one input event).
    expect((await b.events('typing')).length).toBe(1);
    expect(chars.api.unrouted.concat(bytes.api.unrouted)).toEqual([]);
  });

  it('sends nothing while the box is empty, then sends the typed text and clears the box', async () => {
    const s = setup(CHARS);
    const sent = reply('확인 후 연락드리겠습니다.');
    s.api.on('POST', s.replies, { status: 201, body: { reply: sent } });
    const m = await h.mount('composer', s.props, s.api);
    const send = m.page.getByTestId('composer-send');
    expect(await send.innerText()).toBe(say('inbox.composer.sendPublic'));
    expect(await send.isDisabled()).toBe(true);
    await m.page.getByTestId('composer-text').fill('   ');
    expect(await send.isDisabled()).toBe(true);

    await m.page.getByTestId('composer-text').fill(sent.text);
    await send.click();
    await m.page
      .getByRole('status')
      .filter({ hasText: say('inbox.composer.queued') })
      .waitFor();
    expect(bodies(s.api.callsTo('POST', s.replies))).toEqual([{ text: sent.text, private: false }]);
    expect(await m.events('sent')).toEqual([{ event: 'sent', args: [sent] }]);
    expect(await m.page.getByTestId('composer-text').inputValue()).toBe('');
    expect(await m.page.getByTestId('composer-count').innerText()).toBe(say('inbox.composer.countOf', { n: 0, max: 20, unit: say('inbox.composer.unitChars') }));
  });

  it('sends privately when chosen, with Ctrl+Enter', async () => {
    const s = setup(CHARS);
    s.api.on('POST', s.replies, (req) => ({ status: 201, body: { reply: reply((req.body as { text: string }).text, true) } }));
    const m = await h.mount('composer', s.props, s.api);
    await m.page.getByRole('radio', { name: say('inbox.private') }).check();
    expect(await m.page.getByTestId('composer-send').innerText()).toBe(say('inbox.composer.sendPrivate'));
    await m.page.getByTestId('composer-text').fill('DM으로 안내드릴게요');
    await m.page.getByTestId('composer-text').press('Control+Enter');
    await expect.poll(() => s.api.callsTo('POST', s.replies).length).toBe(1);
    expect(bodies(s.api.callsTo('POST', s.replies))).toEqual([{ text: 'DM으로 안내드릴게요', private: true }]);
    await expect.poll(async () => (await m.events('sent')).length).toBe(1);
  });

  it('over the limit it still sends (the server decides) and shows the refusal in Korean, not the server’s English', async () => {
    const s = setup(BYTES);
    s.api.on('POST', s.replies, { status: 422, body: { error: { code: 'reply.too_long', message: 'reply is 25 bytes; this channel allows 20 (bytes)' } } });
    const m = await h.mount('composer', s.props, s.api);
    await m.page.getByTestId('composer-text').fill(TEXT);
    await m.page.getByTestId('composer-send').click();
    const error = m.page.getByTestId('composer-error');
    await error.waitFor();
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.innerText()).toBe(`${say('inbox.refusal.too_long')}\n${say('inbox.refusal.limitIs', { n: 20 })}`);
    expect(bodies(s.api.callsTo('POST', s.replies))).toEqual([{ text: TEXT, private: false }]);
    expect(await m.events('sent')).toEqual([]);
    // The text stays for the agent to shorten; typing clears the refusal.
    expect(await m.page.getByTestId('composer-text').inputValue()).toBe(TEXT);
    await m.page.getByTestId('composer-text').fill('안녕하세요');
    await error.waitFor({ state: 'detached' });
  });

  it('asks before a public reply with personal data goes out, naming the kind, and sends on confirmation', async () => {
    const s = setup(CHARS);
    s.api.on('POST', s.replies, (req) =>
      (req.body as { acknowledgePii?: boolean }).acknowledgePii
        ? { status: 201, body: { reply: reply('010-1234-5678 로 연락 주세요') } }
        : { status: 422, body: { error: { code: 'reply.pii_in_public_reply', message: 'public reply contains phone', params: { piiTypes: ['phone'] } } } },
    );
    const m = await h.mount('composer', s.props, s.api);
    await m.page.getByTestId('composer-text').fill('010-1234-5678 로 연락 주세요');
    await m.page.getByTestId('composer-send').click();
    const warning = m.page.getByTestId('pii-warning');
    await warning.getByText(say('inbox.composer.piiTitle')).waitFor();
    expect(await warning.innerText()).toContain(say('inbox.composer.piiKinds', { types: say('pii.phone') }));
    expect(await m.events('sent')).toEqual([]);
    await warning.getByRole('button', { name: say('inbox.composer.piiSendAnyway') }).click();
    await expect.poll(async () => (await m.events('sent')).length).toBe(1);
    expect(bodies(s.api.callsTo('POST', s.replies))).toEqual([
      { text: '010-1234-5678 로 연락 주세요', private: false },
      { text: '010-1234-5678 로 연락 주세요', private: false, acknowledgePii: true },
    ]);
    await warning.waitFor({ state: 'detached' });
  });

  it('says an unexpected failure in English when the page is in English', async () => {
    const s = setup(CHARS);
    s.api.on('POST', s.replies, { status: 500, body: { error: { code: 'internal', message: 'boom' } } });
    const m = await h.mount('composer', s.props, s.api, { locale: 'en' });
    expect(await m.page.getByTestId('composer-send').innerText()).toBe(say('inbox.composer.sendPublic', {}, 'en'));
    await m.page.getByTestId('composer-text').fill('Checking now');
    await m.page.getByTestId('composer-send').click();
    const error = m.page.getByTestId('composer-error');
    await error.waitFor();
    expect(await error.innerText()).toBe(`${say('inbox.refusal.other', {}, 'en')}\n${say('error.unknown', { message: 'boom' }, 'en')}`);
  });

  it('writes internal notes to the notes API, never as a reply', async () => {
    const s = setup(CHARS);
    const notes = s.replies.replace(/replies$/, 'notes');
    s.api.on('POST', notes, { status: 201, body: { note: { type: 'note', at: '2026-12-06T01:06:00.000Z', id: 'n-1', text: '환불 건', author: { id: 'u-kim', name: '김상담' }, mentions: [] } } });
    const m = await h.mount('composer', s.props, s.api);
    await m.page.getByRole('tab', { name: say('inbox.composer.note') }).click();
    expect(await m.page.getByTestId('composer-send').innerText()).toBe(say('inbox.composer.saveNote'));
    await m.page.getByTestId('composer-text').fill('환불 건');
    await m.page.getByTestId('composer-send').click();
    await m.page
      .getByRole('status')
      .filter({ hasText: say('inbox.note.saved') })
      .waitFor();
    expect(bodies(s.api.callsTo('POST', notes))).toEqual([{ text: '환불 건' }]);
    expect(s.api.callsTo('POST', s.replies)).toEqual([]);
    expect((await m.events('noted')).length).toBe(1);
  });

  it('fills a canned reply through the server and counts it', async () => {
    const canned = { id: 'cr-1', name: '결제 확인', text: '{{customer.name}}님, 결제 내역을 확인하겠습니다.', language: 'ko', variables: ['customer.name'], createdAt: '', updatedAt: '' };
    const s = setup(CHARS, { canned: [canned] });
    const rendered = '박준님, 결제 내역을 확인하겠습니다.';
    s.api.on('POST', `/w/${WORKSPACE.id}/inbox/canned-replies/cr-1/render`, { body: { text: rendered, ok: true, variables: ['customer.name'], missing: [], unknown: [] } });
    const m = await h.mount('composer', s.props, s.api);
    await m.page.getByTestId('canned-button').click();
    await m.page
      .getByRole('dialog', { name: say('inbox.canned.title') })
      .getByRole('button', { name: /결제 확인/ })
      .click();
    await expect.poll(() => m.page.getByTestId('composer-text').inputValue()).toBe(rendered);
    expect(s.api.calls.at(-1)?.body).toEqual({ conversationId: s.conv.id });
    expect(await m.page.getByTestId('composer-count').innerText()).toContain(`${[...rendered].length} / 20`);
  });

  it('offers only notes to a role that may not reply', async () => {
    const s = setup(CHARS);
    const m = await h.mount('composer', s.props, new FakeApi(['inbox.read']));
    expect(await m.page.getByRole('tab', { name: say('inbox.composer.reply') }).isDisabled()).toBe(true);
    expect(await m.page.getByRole('tab', { name: say('inbox.composer.note') }).getAttribute('aria-selected')).toBe('true');
    expect(await m.page.getByTestId('composer-send').innerText()).toBe(say('inbox.composer.saveNote'));
  });
});
