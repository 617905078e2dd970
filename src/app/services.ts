import type { Bus } from '../platform/bus/bus.js';
import type { Clock } from '../platform/clock/clock.js';
import type { Store } from '../platform/db/store.js';
import type { Logger } from '../platform/log/log.js';
import type { Keyring } from '../modules/secrets/keyring.js';
import { SecretsStore } from '../modules/secrets/secrets.store.js';
import { AuthService } from '../modules/identity/auth.service.js';
import { IdentityCache } from '../modules/identity/identity-cache.js';
import { UsersService } from '../modules/identity/users.service.js';
import { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { TokensService } from '../modules/tokens/tokens.service.js';
import type { AdapterRegistry } from '../channels/registry.js';
import { AccountsService } from '../modules/accounts/accounts.service.js';
import { ItemsService } from '../modules/items/items.service.js';
import type { Enricher } from '../modules/items/enrich.js';
import { analyticsEnricher } from '../modules/items/analysis.js';
import { createAnalyzer, type Analyzer } from '../nlp/index.js';
import { piiProtector } from '../modules/items/pii-policy.js';
import { IngestPipeline } from '../flows/ingest/pipeline.js';
import { Poller } from '../flows/ingest/poller.js';
import { ImportService } from '../flows/import/import.service.js';
import type { ConversationGrouper } from '../modules/inbox/attach.js';
import type { ConversationsService } from '../modules/inbox/conversations.service.js';
import type { Outbox } from '../modules/inbox/outbox.js';
import { createInbox, type InboxServices } from '../modules/inbox/inbox.js';
import { NetworkRunner } from '../modules/network/network.runner.js';
import { NetworkService } from '../modules/network/network.service.js';
import { createListening, type Listening } from '../modules/listening/listening.module.js';
import { ScreeningService } from '../modules/screening/index.js';

/** The composition root's product: every service, built once from the platform ports. */
export interface Services {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  keyring: Keyring;
  secrets: SecretsStore;
  /** Sessions and memberships kept for 2 s (see identity-cache.ts). */
  identity: IdentityCache;
  auth: AuthService;
  users: UsersService;
  workspaces: WorkspacesService;
  tokens: TokensService;
  adapters: AdapterRegistry;
  analyzer: Analyzer;
  accounts: AccountsService;
  items: ItemsService;
  ingest: IngestPipeline;
  poller: Poller;
  imports: ImportService;
  grouper: ConversationGrouper;
  conversations: ConversationsService;
  outbox: Outbox;
  /** The unified inbox: routing, assignment, SLA, canned replies, presence, reports. */
  inbox: InboxServices;
  network: NetworkService;
  listening: Listening;
  /** The pre-send screen and its versioned rule sets. */
  screening: ScreeningService;
}

export interface Platform {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  keyring: Keyring;
  adapters: AdapterRegistry;
  /** The text-analytics engine (default: the bundled models). */
  analyzer?: Analyzer;
  /** The enrichment hook of the ingest pipeline (default: the analyzer's full analysis). */
  enrich?: Enricher;
}

export function createServices(p: Platform): Services {
  const analyzer = p.analyzer ?? createAnalyzer({ pii: { includeValues: false } });
  const secrets = new SecretsStore(p.store, p.keyring);
  const accounts = new AccountsService(p.store, p.clock, p.adapters, secrets, p.bus);
  const ingest = new IngestPipeline({ store: p.store, bus: p.bus, clock: p.clock, logger: p.logger, adapters: p.adapters, accounts, enrich: p.enrich ?? analyticsEnricher(analyzer), protect: piiProtector(p.keyring) });
  const identity = new IdentityCache(p.bus);
  const inbox = createInbox({ store: p.store, bus: p.bus, clock: p.clock, logger: p.logger, adapters: p.adapters, accounts });
  return {
    store: p.store,
    bus: p.bus,
    clock: p.clock,
    logger: p.logger,
    keyring: p.keyring,
    adapters: p.adapters,
    analyzer,
    secrets,
    identity,
    auth: new AuthService(p.store, p.clock, identity),
    users: new UsersService(p.store, p.clock, identity),
    workspaces: new WorkspacesService(p.store, p.clock),
    tokens: new TokensService(p.store, p.clock),
    accounts,
    items: new ItemsService(p.store),
    ingest,
    poller: new Poller(p.store, p.clock, p.adapters, accounts, ingest, p.logger),
    imports: new ImportService(p.store, p.clock, accounts, ingest, p.logger),
    grouper: inbox.grouper,
    conversations: inbox.conversations,
    outbox: inbox.outbox,
    inbox,
    network: new NetworkService(p.store, p.clock, new NetworkRunner(p.store, p.clock, p.bus, p.logger)),
    screening: new ScreeningService(p.store, p.clock, p.bus),
    listening: createListening({ store: p.store, bus: p.bus, clock: p.clock, logger: p.logger, secrets, channelTypes: () => p.adapters.all().map((a) => a.type) }),
  };
}
