/**
 * A workspace's publishing settings: approval chains by product, the 심의필 template, the approval
 * deadline and where the stamp goes. Pure helpers; the service stores them.
 */
import { invalid } from '../../platform/errors.js';
import { isRole } from '../../platform/access/roles.js';
import type { ChainRule, PublishingSettings } from './publishing.tables.js';

export const DEFAULT_SETTINGS: PublishingSettings = {
  chains: [
    {
      product: '*',
      steps: [
        { name: '마케팅 책임자', roles: ['manager', 'admin'] },
        { name: '준법감시인', roles: ['compliance'], compliance: true },
      ],
      reapproveOnReschedule: true,
    },
    { product: 'none', steps: [{ name: '마케팅 책임자', roles: ['manager', 'admin'] }], reapproveOnReschedule: false },
  ],
  reviewTemplate: '준법감시인 심의필 제{number}호 ({from}~{until})',
  deadlineMinutes: 120,
  stampTargets: [],
};

/** The chain a post follows: its product's rule, else `none` for no product, else `*`. */
export function chainFor(settings: PublishingSettings, product: string | null): ChainRule {
  const exact = settings.chains.find((c) => c.product === (product ?? 'none'));
  const any = settings.chains.find((c) => c.product === '*');
  const chain = exact ?? any;
  if (!chain) throw invalid('publishing.no_chain', `No approval chain applies to ${product ?? 'posts without a product'}.`);
  return chain;
}

export function validateSettings(s: PublishingSettings): PublishingSettings {
  if (!s.reviewTemplate.includes('{number}')) throw invalid('publishing.bad_template', 'The 심의필 template must contain {number}.', 'reviewTemplate');
  const seen = new Set<string>();
  for (const c of s.chains) {
    if (seen.has(c.product)) throw invalid('publishing.duplicate_chain', `Two chains for "${c.product}".`, 'chains');
    seen.add(c.product);
    if (!c.steps.length) throw invalid('publishing.empty_chain', `The chain for "${c.product}" has no step.`, 'chains');
    for (const st of c.steps) if (!st.roles.length || !st.roles.every(isRole)) throw invalid('publishing.bad_step', `Step "${st.name}" names no valid role.`, 'chains');
  }
  return s;
}

const dotted = (d: string) => d.replaceAll('-', '.');

export function renderStamp(template: string, number: string, from: string, until: string): string {
  return template.replaceAll('{number}', number).replaceAll('{from}', dotted(from)).replaceAll('{until}', dotted(until));
}

/** A 심의필 valid through `until` (a Korean calendar day) has expired at `now` once that day is over in KST. */
export function reviewExpired(until: string | null, now: Date): boolean {
  if (!until) return false;
  const end = Date.parse(`${until}T00:00:00+09:00`) + 86_400_000;
  return now.getTime() >= end;
}
