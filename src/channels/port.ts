/**
 * The channel port. Every channel (X, Meta, YouTube, ...) lives in its own folder under src/channels/
 * and exports one ChannelAdapter as `adapter` from its index.ts; nothing outside that folder names it.
 */
import type { Measurement } from '../contracts/channels.js';
import type { ReplyLimits } from '../contracts/inbox.js';

/** What a reply may be on a channel (served to the web as part of a conversation's detail). */
export type { Measurement, ReplyLimits };

/** Every kind of item, the one list the server, the CLI and the browser use. */
export const ITEM_KINDS = ['post', 'comment', 'reply', 'repost', 'quote', 'direct_message', 'email', 'review'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export type InteractionType = 'reply' | 'mention' | 'repost' | 'quote' | 'follow';

export interface CanonicalAuthor {
  /** The channel's own id for the person (user id, PSID, DID, e-mail address). */
  nativeId: string;
  handle?: string;
  displayName?: string;
  followers?: number;
  verified?: boolean;
  profileUrl?: string;
  avatarUrl?: string;
}

export interface MediaRef {
  type: 'image' | 'video' | 'audio' | 'file' | 'link';
  url: string;
  mimeType?: string;
}

export interface CanonicalItem {
  /** The channel's id for the item; (channel account, nativeId) is the dedupe key. */
  nativeId: string;
  kind: ItemKind;
  author: CanonicalAuthor;
  /** What this item answers (a post for a comment, a message for a reply). */
  parentNativeId?: string;
  /** The root of the conversation (tweet conversation_id, post id, DM conversation, e-mail thread root). */
  threadNativeId?: string;
  /** E-mail subject or blog title. */
  title?: string;
  text: string;
  /** BCP-47 code when the channel says so; the pipeline detects it otherwise. */
  lang?: string;
  links: string[];
  media: MediaRef[];
  createdAt: Date;
  /** Public permalink, when there is one. */
  url?: string;
  /** Direct messages and e-mail are private; posts and comments are public. */
  isPrivate: boolean;
  /** 'outbound' for echoes of what the bank itself sent (Messenger is_echo, own tweets). */
  direction: 'inbound' | 'outbound';
  /** Set when this event is an edit of an item already seen. */
  editedAt?: Date;
  /** Interactions between authors carried by this item (for the network). */
  interactions: Array<{ type: InteractionType; target: CanonicalAuthor; targetItemNativeId?: string }>;
  /** The payload as received (one item's part of it). */
  raw: unknown;
}

export type ChannelEvent =
  | { type: 'upsert'; item: CanonicalItem }
  | { type: 'delete'; nativeId: string; at: Date }
  | { type: 'interaction'; interaction: { type: InteractionType; source: CanonicalAuthor; target: CanonicalAuthor; at: Date } };

/** A connected account as an adapter sees it: settings in clear, credentials already decrypted. */
export interface AccountContext {
  id: string;
  workspaceId: string;
  /** Non-secret settings: base URLs, page ids, handles, feed URLs, keywords. */
  settings: Record<string, unknown>;
  /** Secrets: tokens, app secrets, passwords. */
  credentials: Record<string, string>;
}

export interface InboundRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The body exactly as received; signatures are computed over these bytes. */
  rawBody: Buffer;
}

export type VerifyResult =
  /** The request is authentic; parse it. */
  | { kind: 'accept' }
  /** A handshake (Meta hub.challenge, X CRC): answer it and stop. */
  | { kind: 'respond'; status: number; contentType: string; body: string }
  /** Not authentic: 401, logged. */
  | { kind: 'reject'; reason: string };

export interface FetchResult {
  events: ChannelEvent[];
  /** Opaque; stored and handed back on the next fetch. Undefined keeps the previous one. */
  cursor?: string;
  /** True when more pages wait right now. */
  more?: boolean;
  rateLimit?: RateLimitState;
}

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  resetAt?: Date;
}

export interface ReplyRequest {
  /** The item being answered (its nativeId, thread, author, kind and privacy). */
  inReplyTo: Pick<CanonicalItem, 'nativeId' | 'threadNativeId' | 'kind' | 'isPrivate' | 'author' | 'createdAt' | 'title'>;
  text: string;
  /** Answer privately (DM / private reply) instead of in public. */
  private: boolean;
  /** Stable key so a retried send is not posted twice where the channel supports it. */
  idempotencyKey: string;
}

export interface ReplyResult {
  nativeId: string;
  url?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  message?: string;
  rateLimit?: RateLimitState;
  tokenExpiresAt?: Date;
}

/** Errors adapters throw; `code` is stable, `retryable` tells the pipeline whether to try again. */
export class ChannelError extends Error {
  constructor(
    readonly code: 'rate_limited' | 'auth_failed' | 'invalid_request' | 'not_found' | 'unavailable' | 'malformed_payload' | 'rule_violation',
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** What the bank sent through a channel simulator, told back as the channel echoes the bank's own messages. */
export interface SimulatedSend {
  nativeId: string;
  kind: ItemKind;
  text: string;
  private: boolean;
  /** The item answered, when the wire format names it. */
  inReplyToNativeId?: string;
  /** E-mail subject. */
  title?: string;
  url?: string;
}

/**
 * A local stand-in for a channel that speaks its wire format (127.0.0.1, a random port, a random token):
 * the demo workspace's accounts send through it, so a demo reply really goes through the adapter.
 * Never used for a real account (src/app/demo-channels.ts decides).
 */
export interface ChannelSimulator {
  /** Settings and credentials that point this adapter at the simulator. */
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A post's length as its channel counts it. Each adapter keeps its one counter in its own folder
 * (`measure.ts`, pure, no Node APIs) so the server, the CLI and the browser count alike.
 */
/** A post the bank publishes on its own account (not an answer to anyone). */
export interface PublishRequest {
  /** One of the adapter's `publishTargets`. */
  target: string;
  text: string;
  /** Long-form channels (blogs): the title, and the body as HTML when it is not plain text. */
  title?: string;
  html?: string;
  /** Images by URL the channel can fetch (or a data: URL for local simulators), with alt text. */
  media?: Array<{ url: string; altText: string; mimeType?: string }>;
  /** Stable per post and variant: a retried publish is not posted twice where the channel supports it. */
  idempotencyKey: string;
}

export interface PublishResult {
  nativeId: string;
  url?: string;
}

/** Counts the channel reports for a published post (undefined: the channel does not tell). */
export interface PostEngagement {
  replies?: number;
  shares?: number;
  likes?: number;
  views?: number;
}

/**
 * What each channel's `measure.ts` exports as `channelMeasure`: its publish targets and its one counter.
 * Pure, no Node APIs: the server, the CLI and the browser (which finds these files by folder) count alike.
 */
export interface ChannelMeasure {
  targets: readonly string[];
  measure(text: string, target?: string): Measurement;
}

export interface ChannelAdapter {
  /** Stable identifier stored with each account ('x', 'meta', ...). */
  readonly type: string;
  readonly displayName: string;
  /** JSON schema of `settings` and of `credentials` for connecting an account. */
  readonly settingsSchema: Record<string, unknown>;
  readonly credentialsSchema: Record<string, unknown>;
  limits(account: AccountContext, inReplyTo: ReplyRequest['inReplyTo'] | undefined): ReplyLimits;

  /** Webhook channels: check authenticity (and answer handshakes). */
  verify?(req: InboundRequest, account: AccountContext): VerifyResult;
  /** Webhook channels: turn an authentic body into events; throws ChannelError('malformed_payload'). */
  parse?(req: InboundRequest, account: AccountContext): ChannelEvent[];
  /** Polling channels: events since the cursor. */
  fetch?(account: AccountContext, cursor: string | undefined, signal: AbortSignal): Promise<FetchResult>;
  /** Streaming channels: runs until the signal aborts, handing events (and the cursor to resume from) over. */
  stream?(account: AccountContext, cursor: string | undefined, onEvents: (events: ChannelEvent[], cursor?: string) => Promise<void>, signal: AbortSignal): Promise<void>;
  sendReply(account: AccountContext, reply: ReplyRequest): Promise<ReplyResult>;
  health(account: AccountContext): Promise<HealthReport>;
  /** Starts a local simulator of this channel for the demo (see ChannelSimulator); `onSend` hears what was sent. */
  simulate?(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator>;

  /** Where this adapter can publish (its own type, or several surfaces such as a page and a feed). */
  readonly publishTargets?: readonly string[];
  /** A post's length for one of `publishTargets` (the first when omitted). */
  measure?(text: string, target?: string): Measurement;
  /** Publishes a post (channels in `publishTargets`). Throws ChannelError; retryable ones are retried. */
  publish?(account: AccountContext, post: PublishRequest): Promise<PublishResult>;
  /**
   * After a crash between the call and its record: the post published earlier under this idempotency key,
   * null when the channel says there is none, undefined when the channel cannot tell.
   */
  findPublished?(account: AccountContext, target: string, idempotencyKey: string): Promise<PublishResult | null | undefined>;
  /** Edits or deletes a published post where the channel allows it (absent: it does not). */
  editPublished?(account: AccountContext, nativeId: string, post: PublishRequest): Promise<PublishResult>;
  deletePublished?(account: AccountContext, target: string, nativeId: string): Promise<void>;
  /** Engagement counts of a published post. */
  engagement?(account: AccountContext, target: string, nativeId: string): Promise<PostEngagement>;
}
