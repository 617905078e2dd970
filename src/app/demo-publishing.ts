/** The demo's publishing: a campaign and a deposit promotion waiting for approval (on the built-in blog). */
import type { Scope } from '../platform/access/scope.js';
import { BUILTIN_BLOG } from '../modules/publishing/index.js';
import type { Services } from './services.js';

export const DEMO_CAMPAIGN = '겨울 정기예금 특판';

export async function seedDemoPublishing(s: Services, scope: Scope): Promise<void> {
  const campaign = await s.publishing.posts.createCampaign(scope, { name: DEMO_CAMPAIGN, product: 'deposit', note: '데모 캠페인' });
  const post = await s.publishing.posts.create(scope, {
    campaignId: campaign.id,
    title: '겨울 정기예금 특판 안내',
    masterText: '데모은행 겨울 정기예금 특판: 12개월 연 3.2% (세전, 변동 가능). 이 예금은 예금자보호법에 따라 1인당 1억 원까지 보호됩니다. 가입 전 상품설명서와 약관을 확인하세요.',
    product: 'deposit',
    scheduledAt: new Date(s.clock.now().getTime() + 2 * 86_400_000).toISOString(),
    variants: [{ target: BUILTIN_BLOG }],
  });
  await s.publishing.approvals.submit(scope, post.id, '데모: 승인을 기다리는 게시물');
}
