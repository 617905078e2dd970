/**
 * Two settings pages built on the shared settings components (web/src/components/settings/) that no
 * e2e test opens: canned replies and SLA policies. Header, empty and failed loads, the inline form with
 * its error, the success notice, and deleting through the confirmation dialog.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../../web/src/pages/inbox/settings/settingsApi.js';
import { AGENT_PERMISSIONS, FakeApi, type Harness, say, startHarness, WORKSPACE } from './harness.js';

let h: Harness;
// The failures these tests provoke answer 422 and 500; any other console error fails.
beforeAll(async () => {
  h = await startHarness({ allowStatuses: [422, 500] });
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const CANNED = `/w/${WORKSPACE.id}/inbox/canned-replies`;
const PROPOSALS = `/w/${WORKSPACE.id}/inbox/canned-proposals`;
/** Who manages the inbox (canned replies are theirs to add, change and delete), with no proposals waiting. */
const manager = () => new FakeApi([...AGENT_PERMISSIONS, 'inbox.manage']).on('GET', PROPOSALS, { body: { proposals: [] } });
const SLA = `/w/${WORKSPACE.id}/inbox/sla-policies`;
const canned = (id: string, name: string, text: string) => ({ id, name, text, language: 'ko', variables: [], createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z' });

describe('Settings → Inbox → Canned replies', () => {
  it('starts empty, adds one through the form, and lists it', async () => {
    const saved: ReturnType<typeof canned>[] = [];
    const api = manager()
      .on('GET', CANNED, () => ({ body: { cannedReplies: saved } }))
      .on('POST', CANNED, (req) => {
        const b = req.body as { name: string; text: string };
        saved.push(canned('cr-1', b.name, b.text));
        return { status: 201, body: { cannedReply: saved[0] } };
      });
    const m = await h.mount('cannedPage', {}, api);
    await m.page.getByRole('heading', { level: 2, name: say('inboxSettings.canned.title') }).waitFor();
    await m.page.locator('.empty').getByText(say('inbox.canned.none')).waitFor();

    await m.page.getByRole('button', { name: say('inboxSettings.canned.add') }).click();
    const form = m.page.getByRole('form', { name: say('inboxSettings.canned.add') });
    // While the form is open, the header's add button is gone.
    expect(await m.page.getByRole('button', { name: say('inboxSettings.canned.add') }).count()).toBe(0);
    const save = form.getByRole('button', { name: say('inboxSettings.save') });
    expect(await save.isDisabled()).toBe(true);
    await form.getByLabel(say('inboxSettings.canned.name')).fill('결제 확인');
    await form.getByLabel(say('inboxSettings.canned.text')).fill('확인 후 안내드리겠습니다.');
    await save.click();
    await m.page
      .getByRole('status')
      .filter({ hasText: say('inboxSettings.savedNamed', { name: '결제 확인' }) })
      .waitFor();
    expect(api.callsTo('POST', CANNED).map((c) => c.body)).toEqual([{ name: '결제 확인', text: '확인 후 안내드리겠습니다.', language: 'ko' }]);
    const row = m.page.getByTestId('canned-table').locator('tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().innerText()).toContain('확인 후 안내드리겠습니다.');
    // Each cell carries its column's name for the phone layout.
    expect(await row.first().locator('td').first().getAttribute('data-label')).toBe(say('inboxSettings.canned.name'));
    expect(await form.count()).toBe(0);
  });

  it('keeps the form open with the server’s reason when the template is refused', async () => {
    const api = manager()
      .on('GET', CANNED, { body: { cannedReplies: [] } })
      .on('POST', CANNED, { status: 422, body: { error: { code: 'canned.invalid_template', message: 'unknown variable customer.age', field: 'text' } } });
    const m = await h.mount('cannedPage', {}, api);
    await m.page.getByRole('button', { name: say('inboxSettings.canned.add') }).click();
    const form = m.page.getByRole('form', { name: say('inboxSettings.canned.add') });
    await form.getByLabel(say('inboxSettings.canned.name')).fill('나이 안내');
    await form.getByLabel(say('inboxSettings.canned.text')).fill('{{customer.age}}세');
    await form.getByRole('button', { name: say('inboxSettings.save') }).click();
    const error = m.page.getByTestId('canned-error');
    await error.waitFor();
    expect(await error.innerText()).toBe(`${say('inboxSettings.canned.invalid')} unknown variable customer.age`);
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await form.getByLabel(say('inboxSettings.canned.text')).getAttribute('aria-invalid')).toBe('true');
  });

  it('deletes after the confirmation dialog, and says so when deleting fails', async () => {
    let list = [canned('cr-1', '결제 확인', '확인하겠습니다.'), canned('cr-2', '분실 신고', '카드를 정지했습니다.')];
    let fail = false;
    const api = manager()
      .on('GET', CANNED, () => ({ body: { cannedReplies: list } }))
      .on('DELETE', `${CANNED}/:id`, (_, p) => {
        if (fail) return { status: 500, body: { error: { code: 'internal', message: 'store unavailable' } } };
        list = list.filter((c) => c.id !== p.id);
        return { status: 204 };
      });
    const m = await h.mount('cannedPage', {}, api);
    const rows = m.page.getByTestId('canned-table').locator('tbody tr');
    await rows.nth(1).waitFor();
    await rows
      .filter({ hasText: '분실 신고' })
      .getByRole('button', { name: say('inboxSettings.delete') })
      .click();
    const dialog = m.page.getByRole('dialog', { name: say('inboxSettings.canned.deleteTitle') });
    expect(await dialog.innerText()).toContain(say('inboxSettings.canned.deleteBody', { name: '분실 신고' }));
    // Cancel has the focus: Enter does not delete.
    expect(await dialog.getByRole('button', { name: say('common.cancel') }).evaluate((b) => b === document.activeElement)).toBe(true);
    await dialog.getByRole('button', { name: say('inboxSettings.delete') }).click();
    await m.page
      .getByRole('status')
      .filter({ hasText: say('inboxSettings.deleted', { name: '분실 신고' }) })
      .waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(api.callsTo('DELETE', `${CANNED}/cr-2`).length).toBe(1);

    fail = true;
    await rows
      .first()
      .getByRole('button', { name: say('inboxSettings.delete') })
      .click();
    await m.page
      .getByRole('dialog')
      .getByRole('button', { name: say('inboxSettings.delete') })
      .click();
    await m.page
      .getByRole('alert')
      .filter({ hasText: say('error.unknown', { message: 'store unavailable' }) })
      .waitFor();
    expect(await rows.count()).toBe(1);
  });

  it('shows compliance the proposals from the microblog to approve; an agent only reads, with no add, edit or delete', async () => {
    const proposal = {
      id: 'p-1',
      name: '해외결제 안내',
      text: '앱에서 해외결제를 켜 주세요.',
      language: 'ko',
      source: { kind: 'microblog_post', ref: '7', label: '김민수' },
      proposedBy: 'agent@bank.test',
      proposedAt: '2026-12-06T01:00:00.000Z',
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      note: null,
      cannedReplyId: null,
    };
    let approved: unknown = null;
    const list = [canned('cr-1', '결제 확인', '확인하겠습니다.')];
    const comp = new FakeApi(['inbox.read', 'screening.manage'], 'compliance')
      .on('GET', CANNED, () => ({ body: { cannedReplies: list } }))
      .on('GET', PROPOSALS, () => ({ body: { proposals: approved ? [] : [proposal] } }))
      .on('POST', `${PROPOSALS}/:id/approve`, (req) => {
        approved = req.body;
        list.push(canned('cr-2', '해외결제 안내', (req.body as { text: string }).text));
        return { body: { proposal: { ...proposal, status: 'approved', cannedReplyId: 'cr-2' } } };
      });
    const m = await h.mount('cannedPage', {}, comp, { workspace: { ...WORKSPACE, role: 'compliance' } });
    const card = m.page.getByTestId('canned-proposal');
    await card.waitFor();
    expect(await m.page.getByRole('button', { name: say('inboxSettings.canned.add') }).count()).toBe(0);
    await card.getByLabel(say('inboxSettings.canned.text')).fill('고객님, 앱에서 해외결제를 켜 주세요.');
    await card.getByRole('button', { name: say('inboxSettings.proposals.approve') }).click();
    await m.page.getByTestId('canned-table').getByText('고객님, 앱에서 해외결제를 켜 주세요.').waitFor();
    expect(approved).toEqual({ name: '해외결제 안내', text: '고객님, 앱에서 해외결제를 켜 주세요.' });
    expect(comp.unrouted).toEqual([]);

    const agent = new FakeApi().on('GET', CANNED, { body: { cannedReplies: list } }).on('GET', PROPOSALS, { body: { proposals: [proposal] } });
    const a = await h.mount('cannedPage', {}, agent);
    await a.page.getByTestId('canned-proposal').waitFor();
    expect(await a.page.getByTestId('canned-proposal').getByRole('button').count()).toBe(0);
    expect(await a.page.getByRole('button', { name: say('inboxSettings.canned.add') }).count()).toBe(0);
    expect(
      await a.page
        .getByTestId('canned-table')
        .getByRole('button', { name: say('inboxSettings.delete') })
        .count(),
    ).toBe(0);
  });
});

describe('Settings → Inbox → SLA policies', () => {
  const policy = (id: string, name: string, isDefault: boolean): SlaPolicy => ({
    id,
    name,
    isDefault,
    clock: 'business',
    warningRatio: 0.8,
    pauseResolutionWhen: [],
    reopenOnCustomerMessage: true,
    targets: { urgent: { firstResponseMs: 15 * 60_000 } },
    schedule: { timeZone: 'Asia/Seoul', week: { mon: [{ start: '09:00', end: '18:00' }] }, holidays: { laborDay: true, extra: [], exclude: [] }, holidayShifts: [] },
    escalation: { raisePriority: false, teamId: null },
    createdAt: '2026-12-01T00:00:00.000Z',
  });

  it('lists the policies, the default one without a delete button, and deletes another after asking', async () => {
    let list = [policy('p-1', '기본 정책', true), policy('p-2', 'VIP 정책', false)];
    const api = new FakeApi()
      .on('GET', `/w/${WORKSPACE.id}/inbox/teams`, { body: { teams: [] } })
      .on('GET', SLA, () => ({ body: { policies: list } }))
      .on('DELETE', `${SLA}/:id`, (_, p) => {
        list = list.filter((x) => x.id !== p.id);
        return { status: 204 };
      });
    const m = await h.mount('slaPage', {}, api);
    const cards = m.page.getByTestId('sla-policies').locator(':scope > li');
    await cards.nth(1).waitFor();
    expect(await cards.first().innerText()).toContain(say('inboxSettings.sla.default'));
    expect(
      await cards
        .first()
        .getByRole('button', { name: say('inboxSettings.delete') })
        .count(),
    ).toBe(0);
    await cards
      .filter({ hasText: 'VIP 정책' })
      .getByRole('button', { name: say('inboxSettings.delete') })
      .click();
    const dialog = m.page.getByRole('dialog', { name: say('inboxSettings.sla.deleteTitle') });
    await dialog.getByRole('button', { name: say('inboxSettings.delete') }).click();
    await m.page
      .getByRole('status')
      .filter({ hasText: say('inboxSettings.deleted', { name: 'VIP 정책' }) })
      .waitFor();
    await expect.poll(() => cards.count()).toBe(1);
    expect(api.unrouted).toEqual([]);
  });

  it('says a failed load with a retry that loads again', async () => {
    let fail = true;
    const api = new FakeApi()
      .on('GET', `/w/${WORKSPACE.id}/inbox/teams`, { body: { teams: [] } })
      .on('GET', SLA, () => (fail ? { status: 500, body: { error: { code: 'internal', message: 'timeout' } } } : { body: { policies: [policy('p-1', '기본 정책', true)] } }));
    const m = await h.mount('slaPage', {}, api);
    const alert = m.page.getByRole('alert');
    await alert.getByText(say('error.unknown', { message: 'timeout' })).waitFor();
    fail = false;
    await alert.getByRole('button', { name: say('common.retry') }).click();
    await m.page.getByTestId('sla-policies').getByText('기본 정책').waitFor();
    expect(await m.page.getByRole('alert').count()).toBe(0);
  });
});
