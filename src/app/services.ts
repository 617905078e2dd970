import crypto from 'node:crypto';
import { CheckpointWriter } from '../modules/audit/index.js';
import os from 'node:os';
import path from 'node:path';
import type { Bus } from '../platform/bus/bus.js';
import type { ScopeOf } from '../http/context.js';
import type { Clock } from '../platform/clock/clock.js';
import type { Store } from '../platform/db/store.js';
import type { Logger } from '../platform/log/log.js';
import type { Keyring } from '../modules/secrets/index.js';
import { SecretsStore } from '../modules/secrets/index.js';
import { AuthService, IdentityCache, MfaService, OidcService, SessionsService, UsersService, scopeResolver, type OidcConfig } from '../modules/identity/index.js';
import { WorkspacesService } from '../modules/workspaces/index.js';
import { TokensService } from '../modules/tokens/index.js';
import type { AdapterRegistry } from '../channels/registry.js';
import { AccountsService } from '../modules/accounts/index.js';
import { ItemsService } from '../modules/items/index.js';
import type { Enricher } from '../modules/items/index.js';
import { analyticsEnricher } from '../modules/items/index.js';
import { createAnalyzer, type Analyzer } from '../nlp/index.js';
import { PiiPolicy } from '../modules/items/index.js';
import { IngestPipeline } from '../flows/ingest/index.js';
import { Poller } from '../flows/ingest/index.js';
import { ImportService } from '../flows/import/index.js';
import type { ConversationGrouper } from '../modules/inbox/index.js';
import type { ConversationsService } from '../modules/inbox/index.js';
import type { Outbox } from '../modules/inbox/index.js';
import { createInbox, type InboxServices } from '../modules/inbox/index.js';
import { NetworkRunner } from '../modules/network/index.js';
import { NetworkService } from '../modules/network/index.js';
import { createListening, type Listening } from '../modules/listening/index.js';
import { createCorrections, DEFAULT_ADAPTATION, type AdaptationSettings, type Corrections } from '../modules/corrections/index.js';
import { ScreeningService } from '../modules/screening/index.js';
import { createPublishing, type Publishing } from '../modules/publishing/index.js';
import { isCrisisActive } from '../modules/listening/index.js';
import { PublishSender } from '../flows/publish/index.js';
import { createMicroblog, type Microblog } from '../modules/microblog/index.js';
import { OAuthService } from '../modules/mastodon-api/index.js';
import { ArchiveAdmin, ArchiveService, EXPORT_JOB } from '../modules/archive/index.js';
import { JOB_SUBJECT } from '../platform/scheduler/scheduler.js';
import { ArchiveCapture, MicroblogCapture } from '../flows/archive-capture/index.js';
import { BlogService } from '../modules/blog/index.js';
import { createLinks, shortUrlOf, type LinkLabels, type Links } from '../modules/links/index.js';
import type { BlobStorage } from '../platform/storage/storage.js';
import { MemoryStorage } from '../platform/storage/memory.js';
import { createCustomers, segmentsOfAuthors, type Customers } from '../modules/customers/index.js';
import { ConsentLinkFlow } from '../flows/consent-link/index.js';
import { conversationLinks, linkLabels, postLinks, replyLinks } from '../flows/tracked-links/index.js';
import { KnowledgeAnswersFlow } from '../flows/knowledge-answers/index.js';
import { CaseMergeFlow } from '../flows/case-merge/index.js';
import { customerTimelineExtras } from '../flows/customer-timeline/index.js';
import { CustomerArchiveIdentities, CustomerIdentities } from '../flows/people/index.js';

/** The composition root's product: every service, built once from the platform ports. */
export interface Services {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  keyring: Keyring;
  secrets: SecretsStore;
  /** Personal-data policy of ingest (keep the original or not), cached per workspace. */
  pii: PiiPolicy;
  /** Sessions and memberships kept for 2 s (see identity-cache.ts). */
  identity: IdentityCache;
  auth: AuthService;
  /** A request's workspace scope (the auth service's, for every module's routes). */
  scopeOf: ScopeOf;
  /** Two-factor sign-in (TOTP); hooks itself into auth.login. */
  mfa: MfaService;
  sessions: SessionsService;
  /** Single sign-on with the bank's OpenID Connect provider, when configured. */
  oidc: OidcService | null;
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
  /** Corrections of the analytics by people, and the per-workspace adaptation learned from them. */
  corrections: Corrections;
  /** The pre-send screen and its versioned rule sets. */
  screening: ScreeningService;
  /** Campaigns, posts, approval chains (심의필), calendar. */
  publishing: Publishing;
  /** Sends approved posts at their slot, exactly once (the publish flow). */
  publisher: PublishSender;
  /** The internal microblog (people, posts, timelines, the guideline screen and moderation). */
  microblog: Microblog;
  /** The Mastodon client API's OAuth apps and tokens. */
  mastodon: OAuthService;
  /** The archive of message versions (append-only, chained), its eDiscovery, holds, retention, exports. */
  archive: ArchiveService;
  archiveAdmin: ArchiveAdmin;
  archiveCapture: ArchiveCapture;
  /** The internal microblog's posts into the archive (job `archive.microblog`). */
  microblogCapture: MicroblogCapture;
  /** The built-in blog (/blog/<workspace-slug>/). */
  blog: BlogService;
  /** Short links, the redirect, clicks and conversions. */
  links: Links;
  /** Customers from the bank's systems, identity links made with consent, timelines. */
  customers: Customers;
  /** Consent links sent from conversations, the customer's bank sign-in and consent, revocation. */
  consentLink: ConsentLinkFlow;
  /** One case per complaint across channels: proposals, merge, undo. */
  caseMerge: CaseMergeFlow;
  knowledgeAnswers: KnowledgeAnswersFlow;
  /** Signed checkpoints of the audit chains, appended to a file outside the store (none without a folder). */
  auditCheckpoints?: CheckpointWriter;
  publicUrl?: string;
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
  /** Single sign-on (SOTONG_OIDC_*). */
  oidc?: OidcConfig;
  /** Adaptation timing (default: DEFAULT_ADAPTATION). */
  adaptation?: AdaptationSettings;
  /** Where archive export packages made through the API are written (default: the temp folder). */
  archiveDir?: string;
  /** Where the audit checkpoints are appended (SOTONG_AUDIT_CHECKPOINT_DIR); none when unset. */
  auditCheckpointDir?: string;
  /** SOTONG_PUBLIC_URL: absolute links in the blog's feeds and cards. */
  publicUrl?: string;
  /** The storage port (uploaded files, archived attachment files); default: in memory. */
  storage?: BlobStorage;
  /** Hosts the archive may fetch attachment files from although they resolve to non-public addresses. */
  archiveFetchAllowHosts?: string[];
  /** How long the sender's claim of a due post holds (default 60 s). */
  publishLeaseMs?: number;
  publishAheadMs?: number;
  /** Base of short links (default: http://127.0.0.1:8080, replaced by the listening address when not configured). */
  linksBaseUrl?: string;
}

export function createServices(p: Platform): Services {
  const analyzer = p.analyzer ?? createAnalyzer({ pii: { includeValues: false } });
  const secrets = new SecretsStore(p.store, p.keyring);
  const corrections = createCorrections({ store: p.store, bus: p.bus, clock: p.clock, logger: p.logger, analyzer, settings: p.adaptation ?? DEFAULT_ADAPTATION });
  const accounts = new AccountsService(p.store, p.clock, p.adapters, secrets, p.bus);
  const pii = new PiiPolicy(p.keyring, p.clock, p.bus);
  const ingest = new IngestPipeline({ store: p.store, bus: p.bus, clock: p.clock, logger: p.logger, adapters: p.adapters, accounts, enrich: p.enrich ?? analyticsEnricher(analyzer, corrections.registry.adapter()), protect: pii.protect });
  const identity = new IdentityCache(p.bus, undefined, p.clock);
  const auth = new AuthService(p.store, p.clock, identity);
  const screening = new ScreeningService(p.store, p.clock, p.bus);
  const crisisActive = (workspaceId: string) => isCrisisActive(p.store, workspaceId);
  let labels: LinkLabels | undefined; // publishing is made after links (it uses them): named once it exists
  const links = createLinks({ store: p.store, bus: p.bus, clock: p.clock, logger: p.logger, secrets, baseUrl: p.linksBaseUrl ?? 'http://127.0.0.1:8080', labels: () => labels });
  const publishing = createPublishing({ store: p.store, clock: p.clock, bus: p.bus, adapters: p.adapters, accounts, screening, crisisActive, links: postLinks(links.links, links.analytics) });
  labels = linkLabels(publishing.records);
  const storage = p.storage ?? new MemoryStorage();
  const microblog = createMicroblog({ store: p.store, clock: p.clock, bus: p.bus, storage });
  const archive = new ArchiveService(p.store, p.clock, p.keyring, new CustomerArchiveIdentities(p.store));
  const workspaces = new WorkspacesService(p.store, p.clock, p.bus);
  const blog = new BlogService(p.store, p.clock, (ref) => workspaces.findBySlugOrId(ref), p.publicUrl);
  const inbox = createInbox({ store: p.store, bus: p.bus, clock: p.clock, logger: p.logger, adapters: p.adapters, accounts, replyLinks: replyLinks(links.links), segmentsOf: segmentsOfAuthors });
  const customers = createCustomers({
    store: p.store,
    clock: p.clock,
    keyring: p.keyring,
    secrets,
    timelineExtras: customerTimelineExtras({ records: publishing.records, analytics: links.analytics, shortUrl: (code) => shortUrlOf(links.baseUrl(), code) }),
  });
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
    pii,
    auth,
    scopeOf: scopeResolver(auth),
    mfa: new MfaService(p.store, p.clock, p.keyring, auth),
    sessions: new SessionsService(p.store, p.clock, identity),
    oidc: p.oidc ? new OidcService(p.store, p.clock, auth, p.oidc) : null,
    users: new UsersService(p.store, p.clock, identity),
    workspaces,
    tokens: new TokensService(p.store, p.clock),
    accounts,
    items: new ItemsService(p.store, p.clock),
    ingest,
    poller: new Poller(p.store, p.clock, p.adapters, accounts, ingest, p.logger),
    imports: new ImportService(p.store, p.clock, accounts, ingest, p.logger),
    grouper: inbox.grouper,
    conversations: inbox.conversations,
    outbox: inbox.outbox,
    inbox,
    network: new NetworkService(p.store, p.clock, new NetworkRunner(p.store, p.clock, p.bus, p.logger), new CustomerIdentities(p.store)),
    corrections,
    screening,
    publishing,
    publisher: new PublishSender({
      delivery: publishing.delivery,
      accounts,
      adapters: p.adapters,
      screening,
      crisisActive,
      clock: p.clock,
      logger: p.logger,
      blog,
      ...(p.publishLeaseMs ? { leaseMs: p.publishLeaseMs } : {}),
      ...(p.publishAheadMs ? { aheadMs: p.publishAheadMs } : {}),
    }),
    microblog,
    mastodon: new OAuthService(p.store, p.clock, auth, microblog),
    archive,
    ...(p.auditCheckpointDir ? { auditCheckpoints: new CheckpointWriter(p.store, p.clock, p.auditCheckpointDir) } : {}),
    archiveAdmin: new ArchiveAdmin(archive, p.archiveDir ?? path.join(os.tmpdir(), 'sotong-archive-exports'), {
      log: p.logger,
      storage,
      fetch: { allowHosts: p.archiveFetchAllowHosts ?? [] },
      // A worker takes the export (the job mechanism: any worker process); see archive.jobs.ts.
      wake: () => p.bus.publish(JOB_SUBJECT, { name: EXPORT_JOB }, { id: `${EXPORT_JOB}@${crypto.randomUUID()}` }),
    }),
    archiveCapture: new ArchiveCapture(p.store, p.bus, archive, p.keyring, p.logger, { records: publishing.records, accounts }),
    microblogCapture: new MicroblogCapture(microblog.archiveFeed, archive),
    blog,
    links,
    customers,
    caseMerge: new CaseMergeFlow({ cases: customers.cases, conversations: inbox.conversations }),
    knowledgeAnswers: new KnowledgeAnswersFlow({ microblog, proposals: inbox.proposals }),
    consentLink: new ConsentLinkFlow({ customers, conversations: inbox.conversations, outbox: inbox.outbox, clock: p.clock }),
    ...(p.publicUrl ? { publicUrl: p.publicUrl } : {}),
    listening: createListening({
      store: p.store,
      bus: p.bus,
      clock: p.clock,
      logger: p.logger,
      secrets,
      channelTypes: () => p.adapters.all().map((a) => a.type),
      conversationLinks: conversationLinks(links.analytics),
      segmentAuthors: { authorsOf: (ws, id) => customers.segments.authorsOf(ws, id) },
    }),
  };
}
