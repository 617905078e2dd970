import type { AdapterRegistry } from '../../channels/registry.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import type { AccountsService } from '../accounts/index.js';
import { ConversationActions } from './actions.service.js';
import { ConversationGrouper } from './attach.js';
import { CannedReplies } from './canned.service.js';
import { CannedProposals } from './canned.proposals.js';
import { ConversationsService } from './conversations.service.js';
import { Outbox, type ReplyLinks } from './outbox.js';
import { PresenceTracker } from './presence.js';
import { InboxReports } from './reports.service.js';
import { Router, type RouterDeps } from './router.js';
import { RulesService } from './rules.service.js';
import { SlaPolicies } from './sla.policies.js';
import { SlaTimers } from './sla.timers.js';
import { SnoozeWaker } from './snooze.js';
import { TeamsService } from './teams.service.js';

export interface InboxDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  adapters: AdapterRegistry;
  accounts: AccountsService;
  /** Tracked links in agents' replies (the tracked-links flow); absent: links go out as written. */
  replyLinks?: ReplyLinks;
  /** Segment names of authors' linked customers (the customers module's face); absent: `author.segments` is empty. */
  segmentsOf?: RouterDeps['segmentsOf'];
}

/** The inbox's services, wired together (the composition root exposes them as `services.inbox`). */
export interface InboxServices {
  grouper: ConversationGrouper;
  conversations: ConversationsService;
  outbox: Outbox;
  policies: SlaPolicies;
  timers: SlaTimers;
  rules: RulesService;
  teams: TeamsService;
  canned: CannedReplies;
  /** Canned replies proposed from the bank's own knowledge (microblog posts), approved by compliance. */
  proposals: CannedProposals;
  router: Router;
  actions: ConversationActions;
  presence: PresenceTracker;
  reports: InboxReports;
  snooze: SnoozeWaker;
}

export function createInbox(d: InboxDeps): InboxServices {
  const policies = new SlaPolicies(d.store, d.clock, d.bus);
  const timers = new SlaTimers(d.store, d.bus, d.clock, policies, d.logger);
  const presence = new PresenceTracker(d.store, d.bus, d.clock);
  const outbox = new Outbox(d.store, d.bus, d.clock, d.adapters, d.accounts, d.logger, timers.onReplySent, d.replyLinks);
  const conversations = new ConversationsService(d.store, d.bus, d.clock, { timers, presence, replyLimits: (w, c) => outbox.replyLimits(w, c) });
  const rules = new RulesService(d.store, d.clock, policies, d.bus, d.segmentsOf);
  const canned = new CannedReplies(d.store, d.clock, d.adapters);
  return {
    grouper: new ConversationGrouper(d.store, d.bus, d.clock),
    conversations,
    outbox,
    policies,
    timers,
    rules,
    teams: new TeamsService(d.store, d.clock),
    canned,
    proposals: new CannedProposals(d.store, d.clock),
    router: new Router(d.store, d.bus, d.clock, d.logger, { rules, policies, timers, canned, outbox, ...(d.segmentsOf ? { segmentsOf: d.segmentsOf } : {}) }),
    actions: new ConversationActions(d.store, d.bus, d.clock, d.adapters, outbox, conversations),
    presence,
    reports: new InboxReports(d.store, d.clock, policies),
    snooze: new SnoozeWaker(d.store, d.bus, d.clock, timers),
  };
}
