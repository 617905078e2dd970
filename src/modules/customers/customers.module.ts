import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import type { Keyring, SecretsStore } from '../secrets/index.js';
import { CasesStore } from './cases.store.js';
import { ConsentStore } from './consent.store.js';
import { CustomersService } from './customers.service.js';
import { CustomerInsights } from './insights.service.js';
import { LeadWebhooks } from './lead-webhook.js';
import { CustomerLinksService } from './links.service.js';
import { SegmentsService } from './segments.service.js';
import { CustomerMatching } from './matching.service.js';
import { Timeline, type TimelineExtras } from './timeline.js';

export interface Customers {
  customers: CustomersService;
  links: CustomerLinksService;
  consent: ConsentStore;
  insights: CustomerInsights;
  cases: CasesStore;
  segments: SegmentsService;
  leadWebhooks: LeadWebhooks;
  matching: CustomerMatching;
}

export function createCustomers(d: { store: Store; clock: Clock; keyring: Keyring; secrets: SecretsStore; timelineExtras?: TimelineExtras }): Customers {
  const customers = new CustomersService(d.store, d.clock, d.keyring);
  const consent = new ConsentStore(d.store, d.clock, d.secrets);
  const leadWebhooks = new LeadWebhooks(d.store, d.clock, d.secrets);
  return {
    leadWebhooks,
    customers,
    consent,
    links: new CustomerLinksService(customers, consent, new Timeline(d.store), d.clock, d.timelineExtras),
    insights: new CustomerInsights(d.store, d.clock, customers, leadWebhooks),
    cases: new CasesStore(d.store, d.clock),
    segments: new SegmentsService(d.store, d.clock, customers),
    matching: new CustomerMatching(d.store, d.clock, d.keyring, d.secrets, customers),
  };
}

/** The module's recurring jobs: churn scoring with lifecycle, leads from purchase intent, lead webhooks. */
export function customersJobs(c: Customers): { name: string; intervalMs: number; run(): Promise<void> }[] {
  return [
    { name: 'customers.score', intervalMs: 15 * 60_000, run: () => c.insights.scoreAll() },
    { name: 'customers.collect_leads', intervalMs: 60_000, run: async () => void (await c.insights.collectLeads()) },
    // Leads to the bank's systems: due webhook deliveries (a test delivery goes out within seconds).
    { name: 'customers.lead_webhooks', intervalMs: 5_000, run: async () => void (await c.leadWebhooks.deliverDue()) },
    // Suggested matches: keeps the blind index current and looks at the last week's messages.
    { name: 'customers.suggest_matches', intervalMs: 5 * 60_000, run: () => c.matching.scanAll() },
  ];
}
