/**
 * The demo's publishing: campaigns across the demo channels (their simulators receive what is sent), a
 * deposit promotion waiting for approval, posts approved for this week and this month, and two that go out
 * a few seconds after the first start (a deposit promotion on Mastodon and Bluesky, whose simulated
 * audience reacts so the engagement pulls have figures, and a long post on the built-in blog that can
 * spawn short linked posts). The approvals are given by two fictional people of the demo bank.
 */
import crypto from 'node:crypto';
import type { Scope } from '../platform/access/scope.js';
import { BUILTIN_BLOG } from '../modules/publishing/index.js';
import { sql } from 'kysely';
import { tables } from '../platform/db/store.js';
import type { AccountsTables } from '../modules/accounts/index.js';
import type { Services } from './services.js';

export const DEMO_CAMPAIGN = '겨울 정기예금 특판';
export const DEMO_CAMPAIGNS = [DEMO_CAMPAIGN, '한빛 적금 블로그 시리즈', '연말 고객 안내'] as const;

const DEPOSIT = '데모은행 겨울 정기예금 특판: 12개월 연 3.2% (세전, 변동 가능). 이 예금은 예금자보호법에 따라 1인당 1억 원까지 보호됩니다. 가입 전 상품설명서와 약관을 확인하세요.';
const DEPOSIT_SHORT = '겨울 정기예금 연 3.2%(세전). 예금자보호법에 따라 1인당 1억 원까지 보호. 상품설명서를 확인하세요.';
const BLOG = [
  '매달 조금씩 모아 목돈을 만드는 적금은 사회초년생에게 가장 먼저 권하는 금융상품입니다.',
  '자동이체 날짜를 월급날 다음 날로 정해 두면 잊지 않고 꾸준히 모을 수 있습니다.',
  '적금 금리는 우대 조건(급여이체, 카드 실적 등)에 따라 달라지므로 가입 전에 조건을 꼼꼼히 확인하세요.',
  '만기 전에 해지하면 약정 금리보다 낮은 중도해지 금리가 적용됩니다.',
].join('\n\n');
/** A 1×1 PNG: the demo's Instagram draft carries an image (Instagram takes no post without one). */
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const KST = 9 * 3_600_000;
const DAY = 86_400_000;

/** Fictional approvers of the demo bank (people, so the no-self-approval rules hold). */
const person = (scope: Scope, role: 'manager' | 'compliance', label: string): Scope => ({ ...scope, actor: { userId: crypto.randomUUID(), label }, role, tokenScopes: null });

export async function seedDemoPublishing(s: Services, scope: Scope): Promise<void> {
  const lead = person(scope, 'manager', '김하늘 (마케팅 책임자)');
  const comp = person(scope, 'compliance', '박정민 (준법감시인)');
  const [deposit, blogSeries, notices] = [
    await s.publishing.posts.createCampaign(scope, { name: DEMO_CAMPAIGNS[0], product: 'deposit', note: '데모 캠페인' }),
    await s.publishing.posts.createCampaign(scope, { name: DEMO_CAMPAIGNS[1], note: '블로그 글과 채널별 요약' }),
    await s.publishing.posts.createCampaign(scope, { name: DEMO_CAMPAIGNS[2], note: '고객 공지' }),
  ];
  const now = s.clock.now().getTime();
  /** Korean 10:00 on the day `days` from today, or a minute from now when that has passed. */
  const at10 = (days: number) => {
    const d = new Date(now + KST);
    return new Date(Math.max(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days, 10) - KST, now + 60_000)).toISOString();
  };
  // The demo's channel accounts that can publish and exist (the history made them; their simulators answer).
  const acc: Record<string, string> = {};
  const demoAccounts = await tables<AccountsTables>(s.store).selectFrom('channel_accounts').select(['id', 'type']).where('workspace_id', '=', scope.workspaceId).where(sql<boolean>`(settings->>'demo') = 'true'`).execute();
  for (const a of demoAccounts) if (s.adapters.get(a.type)?.publish && !acc[a.type]) acc[a.type] = a.id;
  const v = (type: string, target: string, extra: { text?: string; media?: Array<{ url: string; altText: string }> } = {}) => (acc[type] ? [{ accountId: acc[type], target, ...extra }] : []);
  const approve = async (id: string, compliance: boolean) => {
    await s.publishing.approvals.submit(scope, id);
    await s.publishing.approvals.approve(lead, id, { comment: '확인했습니다' });
    if (compliance) await s.publishing.approvals.approve(comp, id, { reviewNumber: '2026-0412', validFrom: new Date(now + KST).toISOString().slice(0, 10), validUntil: '2027-11-30' });
  };

  // Waiting for approval: the deposit promotion on the blog and Mastodon.
  const pending = await s.publishing.posts.create(scope, {
    campaignId: deposit.id,
    title: '겨울 정기예금 특판 안내',
    masterText: DEPOSIT,
    product: 'deposit',
    scheduledAt: new Date(now + 2 * DAY).toISOString(),
    variants: [{ target: BUILTIN_BLOG }, ...v('mastodon', 'mastodon')],
  });
  await s.publishing.approvals.submit(scope, pending.id, '데모: 승인을 기다리는 게시물');

  // Going out a few seconds after the first start: engagement to pull, and a blog post to spawn from.
  const soon = await s.publishing.posts.create(scope, {
    campaignId: deposit.id,
    title: '겨울 정기예금 특판 오픈',
    masterText: DEPOSIT,
    product: 'deposit',
    scheduledAt: new Date(now + 20_000).toISOString(),
    variants: [...v('mastodon', 'mastodon'), ...v('bluesky', 'bluesky', { text: DEPOSIT_SHORT })],
  });
  if (soon.variants.length) await approve(soon.id, true);
  const blog = await s.publishing.posts.create(scope, {
    campaignId: blogSeries.id,
    title: '사회초년생을 위한 적금 가이드',
    masterText: BLOG,
    product: null,
    scheduledAt: new Date(now + 30_000).toISOString(),
    variants: [{ target: BUILTIN_BLOG }],
  });
  await approve(blog.id, false);

  // On the calendar: this week and this month.
  const notice = await s.publishing.posts.create(scope, {
    campaignId: notices.id,
    title: '연말 고객센터 운영 시간 안내',
    masterText: '12월 31일 고객센터는 오후 4시까지 운영합니다. 모바일 앱과 인터넷뱅킹은 평소처럼 이용하실 수 있습니다.',
    product: null,
    scheduledAt: at10(1),
    variants: [...v('x', 'x'), ...v('meta', 'facebook'), ...v('mastodon', 'mastodon')],
  });
  if (notice.variants.length) await approve(notice.id, false);
  const week = await s.publishing.posts.create(scope, {
    campaignId: deposit.id,
    title: '정기예금 특판 마감 임박',
    masterText: DEPOSIT,
    product: 'deposit',
    scheduledAt: at10(3),
    variants: [...v('bluesky', 'bluesky', { text: DEPOSIT_SHORT }), ...v('meta', 'facebook')],
  });
  if (week.variants.length) await approve(week.id, true);
  await s.publishing.posts.create(scope, {
    campaignId: blogSeries.id,
    title: '적금 가이드 2편 (초안)',
    masterText: '적금 만기 후 목돈 굴리기: 정기예금과 비교해 보세요. 예금자보호법에 따라 1인당 1억 원까지 보호됩니다.',
    product: null,
    scheduledAt: at10(9),
    variants: [{ target: BUILTIN_BLOG }, ...v('meta', 'instagram', { media: [{ url: PIXEL, altText: '적금 가이드 표지' }] })],
  });
}
