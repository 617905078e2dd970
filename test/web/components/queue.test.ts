/**
 * The inbox queue in real Chromium (harness.ts): it lists what the server answers for the chosen view and
 * filters, says when a view is empty, selects with checkboxes and keys (j/k/x/Enter), applies a bulk
 * action, takes in a conversation that arrives live, and recovers from a failed load.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../web/src/pages/inbox/inboxApi.js';
import { conversation } from './data.js';
import { FakeApi, type Harness, ME, say, startHarness, WORKSPACE } from './harness.js';

let h: Harness;
// The failed load of the last test answers 500 on purpose; any other console error fails.
beforeAll(async () => {
  h = await startHarness({ allowStatuses: [500] });
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const W = `/w/${WORKSPACE.id}`;
const LIST = `${W}/inbox/conversations`;
const mine = { id: ME.id, name: ME.name };

/** A server holding `all`: the list answers what matches the view's status, assignee and priority. */
function server(all: () => Conversation[]) {
  const api = new FakeApi();
  api.on('GET', `${W}/inbox/teams`, { body: { teams: [] } });
  api.on('GET', `${W}/inbox/agents`, { body: { agents: [] } });
  api.on('GET', `${W}/channels`, { body: { channels: [{ type: 'webhook', name: 'Webhook', settingsSchema: {}, credentialsSchema: {}, webhook: true, poll: false, stream: false }] } });
  api.on('GET', LIST, (req) => {
    const q = req.query;
    const statuses = q.getAll('status');
    const assignee = q.get('assignee');
    const list = all().filter(
      (c) =>
        statuses.includes(c.status) &&
        (assignee === null || (assignee === 'me' ? c.assignee?.id === ME.id : assignee === 'unassigned' ? c.assignee === null : c.assignee?.id === assignee)) &&
        (!q.get('priority') || c.priority === q.get('priority')) &&
        (!q.get('q') || (c.subject ?? '').includes(q.get('q')!)),
    );
    return { body: { conversations: list, nextBefore: null } };
  });
  return api;
}
const lastList = (api: FakeApi) => api.callsTo('GET', LIST).at(-1)!.query;
const names = (page: import('playwright-core').Page) => page.getByTestId('queue-row').locator('.q-name').allInnerTexts();

describe('the inbox queue in Chromium', () => {
  const convs = [
    conversation({ customer: { ...conversation().customer, id: 'c-1', name: '박준' }, subject: '카드 결제가 두 번 됐어요', assignee: mine, priority: 'urgent', lastMessageAt: '2026-12-06T03:00:00.000Z' }),
    conversation({ customer: { ...conversation().customer, id: 'c-2', name: '이서연', handle: 'seoyeon' }, subject: '앱 로그인이 안 돼요', assignee: mine, messageCount: 3, lastMessageAt: '2026-12-06T02:00:00.000Z' }),
    conversation({ customer: { ...conversation().customer, id: 'c-3', name: '최민호', handle: 'minho' }, subject: '대출 금리 문의', assignee: mine, status: 'pending', lastMessageAt: '2026-12-06T01:00:00.000Z' }),
  ];

  it('lists my conversations as the server ordered them, with who, what and how many', async () => {
    const api = server(() => convs);
    const m = await h.mount('queue', {}, api);
    await m.page.getByTestId('queue').waitFor();
    expect(await names(m.page)).toEqual(['박준', '이서연', '최민호']);
    expect(await m.page.getByTestId('queue-row').nth(1).innerText()).toContain('앱 로그인이 안 돼요');
    expect(await m.page.getByTestId('queue-row').nth(1).innerText()).toContain(say('inbox.messages', { n: 3 }));
    expect(await m.page.getByText(say('inbox.count', { n: 3 })).isVisible()).toBe(true);
    // The default view is mine: open and waiting-for-customer conversations assigned to me.
    const q = lastList(api);
    expect([q.get('assignee'), q.getAll('status'), q.get('limit')]).toEqual(['me', ['open', 'pending'], '50']);
    expect(await m.page.locator('[data-view="mine"]').getAttribute('aria-pressed')).toBe('true');
    // Rows link to the conversation by id.
    expect(await m.page.getByTestId('queue-row').first().locator('a.q-main').getAttribute('href')).toBe(`#/inbox/${convs[0]!.id}`);
    expect(api.unrouted).toEqual([]);
  });

  it('says when a view is empty and offers the unassigned ones', async () => {
    const waiting = conversation({ customer: { ...conversation().customer, id: 'c-9', name: '정하늘' }, subject: '해외 결제 차단' });
    const api = server(() => [waiting]);
    const m = await h.mount('queue', {}, api);
    const empty = m.page.locator('.empty');
    await empty.getByText(say('inbox.empty')).waitFor();
    expect(await m.page.getByTestId('queue').count()).toBe(0);
    await empty.getByRole('button', { name: say('inbox.pickUnassigned') }).click();
    await m.page.getByTestId('queue-row').first().waitFor();
    expect(await names(m.page)).toEqual(['정하늘']);
    expect(lastList(api).get('assignee')).toBe('unassigned');
    expect(await m.page.locator('[data-view="unassigned"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('asks the server again for a view, a priority and a search', async () => {
    const api = server(() => convs);
    const m = await h.mount('queue', {}, api);
    await m.page.getByTestId('queue').waitFor();
    await m.page.getByLabel(say('inbox.priority')).selectOption('urgent');
    await expect.poll(() => names(m.page)).toEqual(['박준']);
    expect(lastList(api).get('priority')).toBe('urgent');
    await m.page.getByRole('button', { name: say('inbox.clearFilters') }).click();
    await expect.poll(() => names(m.page)).toEqual(['박준', '이서연', '최민호']);
    // The search follows the typing after a pause.
    await m.page.getByLabel(say('inbox.search'), { exact: true }).fill('로그인');
    await expect.poll(() => names(m.page)).toEqual(['이서연']);
    expect(lastList(api).get('q')).toBe('로그인');
    // Another view: only those waiting for the customer.
    await m.page.getByLabel(say('inbox.search'), { exact: true }).fill('');
    await m.page.locator('[data-view="pending"]').click();
    await expect.poll(() => names(m.page)).toEqual([]);
    expect(lastList(api).getAll('status')).toEqual(['pending']);
  });

  it('moves with j and k, selects with x and opens with Enter', async () => {
    const api = server(() => convs);
    const m = await h.mount('queue', {}, api);
    await m.page.getByTestId('queue').waitFor();
    const rows = m.page.getByTestId('queue-row');
    await m.page.keyboard.press('j');
    await expect.poll(() => rows.nth(0).locator('a.q-main').getAttribute('aria-current')).toBe('true');
    await m.page.keyboard.press('j');
    await expect.poll(() => rows.nth(1).locator('a.q-main').getAttribute('aria-current')).toBe('true');
    expect(await rows.nth(0).locator('a.q-main').getAttribute('aria-current')).toBeNull();
    expect(await m.page.evaluate(() => document.activeElement?.closest('[data-testid="queue-row"]')?.getAttribute('data-conversation-id'))).toBe(convs[1]!.id);
    await m.page.keyboard.press('x');
    await m.page
      .getByTestId('bulk-bar')
      .getByText(say('inbox.bulk.count', { n: 1 }))
      .waitFor();
    expect(await rows.nth(1).getByRole('checkbox').isChecked()).toBe(true);
    await m.page.keyboard.press('k');
    await expect.poll(() => rows.nth(0).locator('a.q-main').getAttribute('aria-current')).toBe('true');
    await m.page.keyboard.press('Enter');
    await expect.poll(() => m.page.evaluate(() => location.hash)).toBe(`#/inbox/${convs[0]!.id}`);
  });

  it('selects with the checkboxes and assigns the selection in one request', async () => {
    const api = server(() => convs);
    api.on('POST', `${LIST}/bulk`, (req) => ({ body: { updated: (req.body as { ids: string[] }).ids.length } }));
    const m = await h.mount('queue', {}, api);
    await m.page.getByTestId('queue').waitFor();
    expect(await m.page.getByTestId('bulk-bar').count()).toBe(0);
    await m.page.getByRole('checkbox', { name: say('inbox.select', { name: '박준' }) }).check();
    await m.page.getByRole('checkbox', { name: say('inbox.select', { name: '최민호' }) }).check();
    const bar = m.page.getByTestId('bulk-bar');
    await bar.getByText(say('inbox.bulk.count', { n: 2 })).waitFor();
    await bar.getByRole('button', { name: say('inbox.assignMe') }).click();
    await m.page
      .getByRole('status')
      .filter({ hasText: say('inbox.bulk.done', { n: 2 }) })
      .waitFor();
    expect(api.callsTo('POST', `${LIST}/bulk`).map((c) => c.body)).toEqual([{ ids: [convs[0]!.id, convs[2]!.id], patch: { assigneeId: ME.id } }]);
    await bar.waitFor({ state: 'detached' });
    // "Select all" takes every row.
    await m.page.getByRole('checkbox', { name: say('inbox.selectAll') }).check();
    await m.page
      .getByTestId('bulk-bar')
      .getByText(say('inbox.bulk.count', { n: 3 }))
      .waitFor();
  });

  it('takes in a conversation that arrives live: on top, marked new, announced', async () => {
    const all = [...convs];
    const api = server(() => all);
    const m = await h.mount('queue', {}, api);
    await m.page.getByTestId('queue').waitFor();
    const lists = api.callsTo('GET', LIST).length;
    const arrived = conversation({ customer: { ...conversation().customer, id: 'c-7', name: '한지민' }, subject: '분실 신고합니다', assignee: mine, lastMessageAt: '2026-12-06T04:00:00.000Z' });
    all.unshift(arrived);
    await m.page.evaluate((e) => window.harness.emitConversation(e), { workspaceId: WORKSPACE.id, conversationId: arrived.id, change: 'created' as const });
    await expect.poll(() => names(m.page)).toEqual(['한지민', '박준', '이서연', '최민호']);
    const top = m.page.getByTestId('queue-row').first();
    expect(await top.getAttribute('class')).toContain('is-new');
    expect(await top.innerText()).toContain(say('inbox.new'));
    expect(await m.page.locator('[aria-live="polite"]').first().innerText()).toContain(`${say('inbox.arrived')} 한지민: 분실 신고합니다`);
    expect(api.callsTo('GET', LIST).length).toBe(lists + 1);
  });

  it('says a failed load in the dictionaries’ words and loads again on retry', async () => {
    let fail = true;
    const api = server(() => convs);
    api.on('GET', LIST, (req) => (fail ? { status: 500, body: { error: { code: 'internal', message: 'database down' } } } : { body: { conversations: convs.filter((c) => req.query.getAll('status').includes(c.status)), nextBefore: null } }));
    const m = await h.mount('queue', {}, api);
    const alert = m.page.getByRole('alert');
    await alert.getByText(say('error.unknown', { message: 'database down' })).waitFor();
    // A failed load is not an empty view.
    expect(await m.page.getByTestId('queue-row').count()).toBe(0);
    expect(await m.page.getByText(say('inbox.empty')).count()).toBe(0);
    fail = false;
    await alert.getByRole('button', { name: say('common.retry') }).click();
    await expect.poll(() => names(m.page)).toEqual(['박준', '이서연', '최민호']);
    expect(await m.page.getByRole('alert').count()).toBe(0);
  });

  it('on a phone the filters fold behind a button', async () => {
    const m = await h.mount(
      'queue',
      {},
      server(() => convs),
      { viewport: { width: 390, height: 844 } },
    );
    await m.page.getByTestId('queue').waitFor();
    const priority = m.page.getByLabel(say('inbox.priority'));
    expect(await priority.isVisible()).toBe(false);
    await m.page.getByRole('button', { name: say('inbox.moreFilters') }).click();
    expect(await priority.isVisible()).toBe(true);
  });
});
