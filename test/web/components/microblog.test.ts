/**
 * The microblog page in real Chromium against a FakeApi (harness.ts): the poll composer (2–10 options,
 * empty ones left out, single or multiple choice, expiry), voting and results, a held file's reason shown
 * before posting, edits with their history, and the tag page as a curator (pin buttons, tools) and as an
 * employee (neither). The e2e test (test/e2e/microblog.e2e.test.ts) drives the same page against the server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PersonView, PollView, PostView, TagPage } from '../../../src/contracts/microblog.js';
import { FakeApi, type Harness, say, startHarness, WORKSPACE } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => h?.close());
afterEach(() => expect(h.errors).toEqual([]));

const MB = `/w/${WORKSPACE.id}/microblog`;
const person = (id: string, name: string): PersonView => ({
  id,
  username: `u${id}`,
  displayName: name,
  department: '디지털금융부',
  title: '차장',
  extension: '2101',
  photo: null,
  active: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  postsCount: 3,
  followersCount: 1,
  followingCount: 2,
});
const ME = person('1', '김상담');
const LEE = person('2', '이지영');
const poll = (over: Partial<PollView> = {}): PollView => ({
  id: '70',
  expiresAt: '2026-12-08T03:00:00.000Z',
  expired: false,
  multiple: false,
  votesCount: 0,
  votersCount: 0,
  options: [
    { title: '화요일', votesCount: 0 },
    { title: '수요일', votesCount: 0 },
    { title: '목요일', votesCount: 0 },
  ],
  voted: false,
  ownVotes: [],
  ...over,
});
const post = (id: string, text: string, over: Partial<PostView> = {}): PostView => ({
  id,
  createdAt: '2026-12-07T01:00:00.000Z',
  editedAt: null,
  text,
  spoiler: '',
  visibility: 'public',
  author: LEE,
  replyToId: null,
  replyToAuthorId: null,
  reblog: null,
  state: 'visible',
  holdReasons: [],
  tags: [],
  mentions: [],
  poll: null,
  media: [],
  repliesCount: 0,
  reblogsCount: 0,
  favouritesCount: 0,
  favourited: false,
  reblogged: false,
  bookmarked: false,
  ...over,
});
function api(permissions: string[], posts: PostView[]) {
  return new FakeApi(['microblog.use', ...permissions]).on('GET', `${MB}/me`, { body: { person: ME } }).on('GET', `${MB}/timelines/:kind`, { body: { posts } });
}

describe('the microblog page in Chromium', () => {
  it('composes a poll: 2 options to start, up to 10, empty ones left out, multiple choice and expiry sent', async () => {
    const fake = api([], []);
    fake.on('POST', `${MB}/posts`, (req) => ({ status: 201, body: { post: post('9', (req.body as { text: string }).text, { author: ME }), held: false } }));
    const { page } = await h.mount('microblogPage', {}, fake);
    await page.getByRole('button', { name: say('mb.poll.add') }).click();
    expect(await page.getByLabel(say('mb.poll.option', { n: 3 })).count()).toBe(0);
    const add = page.getByRole('button', { name: say('mb.poll.addOption') });
    for (let i = 0; i < 8; i++) await add.click();
    expect(await page.getByLabel(say('mb.poll.option', { n: 10 })).count()).toBe(1);
    expect(await add.count()).toBe(0);
    await page.getByRole('button', { name: say('mb.poll.removeOption', { n: 10 }) }).click();
    await page.getByLabel(say('mb.poll.option', { n: 1 })).fill('화요일');
    await page.getByLabel(say('mb.poll.option', { n: 4 })).fill('목요일');
    await page.getByLabel(say('mb.poll.multiple')).check();
    await page.getByRole('combobox').selectOption('3600');
    await page.getByPlaceholder(say('mb.placeholder')).fill('스터디 요일 투표 #여신');
    await page.getByRole('button', { name: say('mb.submit'), exact: true }).click();
    await expect.poll(() => fake.callsTo('POST', `${MB}/posts`).length).toBe(1);
    expect(fake.callsTo('POST', `${MB}/posts`)[0]!.body).toEqual({ text: '스터디 요일 투표 #여신', poll: { options: ['화요일', '목요일'], multiple: true, expiresInSeconds: 3600 } });
    // The box is empty again, the poll gone.
    await expect.poll(() => page.getByPlaceholder(say('mb.placeholder')).inputValue()).toBe('');
    expect(await page.getByTestId('mb-poll-compose').count()).toBe(0);
  });

  it('votes (one choice, then several) and shows the results with shares and the own choice', async () => {
    const fake = api([], [post('10', '요일을 골라 주세요', { poll: poll() }), post('11', '여러 개 골라 주세요', { poll: poll({ id: '71', multiple: true }) })]);
    fake.on('POST', `${MB}/polls/70/votes`, {
      body: {
        poll: poll({
          voted: true,
          ownVotes: [1],
          votesCount: 4,
          votersCount: 4,
          options: [
            { title: '화요일', votesCount: 1 },
            { title: '수요일', votesCount: 3 },
            { title: '목요일', votesCount: 0 },
          ],
        }),
      },
    });
    fake.on('POST', `${MB}/polls/71/votes`, { body: { poll: poll({ id: '71', multiple: true, voted: true, ownVotes: [0, 2], votesCount: 2, votersCount: 1 }) } });
    const { page } = await h.mount('microblogPage', {}, fake);
    const single = page.getByTestId('mb-post').filter({ hasText: '요일을 골라' });
    await single.getByRole('radio').first().waitFor();
    expect(await single.getByRole('radio').count()).toBe(3);
    await single.getByLabel('수요일').check();
    await single.getByRole('button', { name: say('mb.poll.vote') }).click();
    await single.getByText(say('mb.poll.result', { n: 3, pct: 75 })).waitFor();
    expect(await single.textContent()).toContain(say('mb.poll.mine'));
    expect(await single.textContent()).toContain(say('mb.poll.voters', { n: 4 }));
    const multi = page.getByTestId('mb-post').filter({ hasText: '여러 개 골라' });
    await multi.getByLabel('화요일').check();
    await multi.getByLabel('목요일').check();
    await multi.getByRole('button', { name: say('mb.poll.vote') }).click();
    await expect.poll(() => fake.callsTo('POST', `${MB}/polls/71/votes`).map((c) => c.body)).toEqual([{ choices: [0, 2] }]);
    expect(fake.unrouted).toEqual([]);
  });

  it('shows a held file’s reason as soon as it is uploaded, and sends the alt text before the post', async () => {
    const fake = api([], []);
    const csv = {
      id: '31',
      type: 'unknown',
      url: '/media/31/x',
      fileName: '고객목록.csv',
      contentType: 'application/octet-stream',
      size: 20,
      description: '',
      holdReasons: [{ type: 'file', kind: 'type:csv', start: 0, end: 0, message: '' }],
    };
    fake.on('POST', `${MB}/media`, (req) => ({ status: 201, body: { media: { ...csv, fileName: req.query.get('fileName') } } }));
    fake.on('PUT', `${MB}/media/31`, (req) => ({ body: { media: { ...csv, description: (req.body as { description: string }).description } } }));
    fake.on('POST', `${MB}/posts`, { status: 201, body: { post: post('12', '목록', { author: ME, state: 'held', holdReasons: csv.holdReasons as PostView['holdReasons'] }), held: true } });
    const { page } = await h.mount('microblogPage', {}, fake);
    await page.getByTestId('mb-file').setInputFiles({ name: '고객목록.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    const held = page.getByTestId('mb-file-held');
    await held.waitFor();
    expect(await held.textContent()).toContain(say('mb.reason.fileType', { ext: 'CSV' }));
    expect(fake.callsTo('POST', `${MB}/media`)[0]!.query.get('fileName')).toBe('고객목록.csv');
    await page.getByLabel(say('mb.media.describe')).fill('3분기 목록');
    await page.getByPlaceholder(say('mb.placeholder')).fill('목록');
    await page.getByRole('button', { name: say('mb.submit'), exact: true }).click();
    await page.getByTestId('mb-held').waitFor();
    const order = fake.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);
    expect(order).toEqual([`POST ${MB}/media`, `PUT ${MB}/media/31`, `POST ${MB}/posts`]);
    expect(fake.callsTo('POST', `${MB}/posts`)[0]!.body).toEqual({ text: '목록', mediaIds: ['31'] });
  });

  it('lets the author edit and anyone read the history of an edited post', async () => {
    const mine = post('13', '금리 안내 (수정)', { author: ME, editedAt: '2026-12-07T02:00:00.000Z' });
    const fake = api([], [mine]);
    fake.on('GET', `${MB}/posts/13/history`, {
      body: {
        versions: [
          { version: 1, text: '금리 안내', spoiler: '', createdAt: '2026-12-07T01:00:00.000Z' },
          { version: 2, text: '금리 안내 (수정)', spoiler: '', createdAt: '2026-12-07T02:00:00.000Z' },
        ],
      },
    });
    fake.on('PATCH', `${MB}/posts/13`, { body: { post: { ...mine, text: '금리 안내 (다시 수정)' }, held: false } });
    const { page } = await h.mount('microblogPage', {}, fake);
    await page.getByRole('button', { name: say('mb.edited'), exact: true }).click();
    const history = page.getByTestId('mb-history');
    await history.waitFor();
    expect(await history.getByRole('listitem').count()).toBe(2);
    await page.getByRole('button', { name: say('mb.edit.open'), exact: true }).click();
    await page.getByLabel(say('mb.edit.label')).fill('금리 안내 (다시 수정)');
    await page.getByRole('button', { name: say('mb.edit.save') }).click();
    await expect.poll(() => fake.callsTo('PATCH', `${MB}/posts/13`).map((c) => c.body)).toEqual([{ text: '금리 안내 (다시 수정)' }]);
  });

  it('gives curators pin buttons and tools on a tag page; an employee gets neither', async () => {
    const tagged = post('14', '서류 체크리스트 #여신심사', { tags: ['여신심사'] });
    const page0: TagPage = {
      tag: { name: '여신심사', postsCount: 1, peopleCount: 1, following: false },
      best: [tagged],
      contributors: [{ person: LEE, posts: 1 }],
      related: [],
      pinned: [],
      aliases: ['여신'],
      summary: { description: '', describedBy: null, describedAt: null, postsCount: 1, peopleCount: 1, firstAt: tagged.createdAt, lastAt: tagged.createdAt, keywords: [{ term: '서류', posts: 1 }], sampled: 1, highlights: [] },
    };
    for (const [perms, curator] of [
      [['microblog.curate'], true],
      [[], false],
    ] as const) {
      const fake = api([...perms], [tagged]);
      fake.on('GET', `${MB}/tags/:tag`, { body: page0 });
      fake.on('GET', `${MB}/tags/:tag/posts`, { body: { posts: [tagged] } });
      fake.on('PUT', `${MB}/tags/:tag/pins/:id`, { body: { ...page0, pinned: [tagged] } });
      const { page } = await h.mount('microblogPage', {}, fake);
      await page.getByRole('button', { name: '#여신심사' }).first().click();
      await page.getByTestId('mb-tag-summary').waitFor();
      expect(await page.getByTestId('mb-tag-keywords').textContent()).toContain('서류');
      expect(await page.getByText(say('mb.tag.aliases', { tags: '#여신' })).count()).toBe(1);
      // The tag's best post and its post list both drawn (they load separately) before counting buttons.
      await expect.poll(() => page.getByTestId('mb-post').count(), { timeout: 10_000 }).toBe(2);
      const pins = page.getByRole('button', { name: say('mb.pin.add') });
      expect(await pins.count()).toBe(curator ? 2 : 0);
      expect(await page.getByTestId('mb-curate').count()).toBe(curator ? 1 : 0);
      if (curator) {
        await pins.first().click();
        await page.getByTestId('mb-pinned').getByTestId('mb-post').waitFor();
        expect(fake.callsTo('PUT', `${MB}/tags/${encodeURIComponent('여신심사')}/pins/14`).length).toBe(1);
      }
    }
  });
});
