/**
 * X webhooks: the CRC handshake (GET ?crc_token → response_token), x-twitter-webhooks-signature
 * verification over the raw body, and parsing of Account Activity payloads (v1.1 objects:
 * tweet_create_events, direct_message_events, tweet_delete_events, follow_events) and of v2 post
 * deliveries ({ data, includes } as on the filtered stream).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelError, type AccountContext, type ChannelEvent, type InboundRequest, type VerifyResult } from '../port.js';
import { conversationId, dmEventToItem, tweetToItem, userToAuthor, type V2DmEvent, type V2Includes, type V2Media, type V2Tweet, type V2User } from './map.js';

function hmacBase64(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * X signs both the CRC answer and every delivery with the same key (HMAC-SHA256 under the consumer
 * secret), so the CRC endpoint would sign whatever an attacker puts in crc_token. The two roles are
 * kept apart by their messages instead of their keys: a CRC token is answered only if it is made of
 * the characters X's tokens use (base64/base64url, no braces, quotes or spaces), and a delivery is
 * accepted only if its body starts with `{` (a JSON object, which `parseXWebhook` demands anyway).
 * No string is in both sets, so no CRC answer is ever a valid delivery signature.
 */
export const CRC_TOKEN = /^[A-Za-z0-9+/_=-]{8,512}$/;

export function verifyXWebhook(req: InboundRequest, account: AccountContext): VerifyResult {
  const secret = account.credentials.consumerSecret;
  if (!secret) return { kind: 'reject', reason: 'no consumerSecret configured for this X account' };
  if (req.method.toUpperCase() === 'GET') {
    const token = req.query.crc_token;
    if (!token) return { kind: 'reject', reason: 'GET without crc_token' };
    if (!CRC_TOKEN.test(token)) return { kind: 'reject', reason: 'crc_token is not shaped like an X token' };
    return { kind: 'respond', status: 200, contentType: 'application/json', body: JSON.stringify({ response_token: `sha256=${hmacBase64(secret, token)}` }) };
  }
  if (req.rawBody[0] !== 0x7b /* { */) return { kind: 'reject', reason: 'an X delivery is a JSON object' };
  const header = req.headers['x-twitter-webhooks-signature'];
  if (!header) return { kind: 'reject', reason: 'missing x-twitter-webhooks-signature header' };
  const expected = `sha256=${hmacBase64(secret, req.rawBody)}`;
  return safeEqual(header.trim(), expected) ? { kind: 'accept' } : { kind: 'reject', reason: 'x-twitter-webhooks-signature does not match the body' };
}

interface V1User {
  id_str: string;
  screen_name?: string;
  name?: string;
  followers_count?: number;
  verified?: boolean;
  profile_image_url_https?: string;
}

interface V1Entities {
  user_mentions?: Array<{ id_str?: string; screen_name: string; name?: string }>;
  urls?: Array<{ url?: string; expanded_url?: string }>;
}

interface V1Tweet {
  id_str: string;
  text?: string;
  full_text?: string;
  extended_tweet?: { full_text?: string; entities?: V1Entities; extended_entities?: { media?: V1Media[] } };
  user: V1User;
  created_at: string;
  lang?: string;
  in_reply_to_status_id_str?: string | null;
  in_reply_to_user_id_str?: string | null;
  in_reply_to_screen_name?: string | null;
  quoted_status?: V1Tweet;
  retweeted_status?: V1Tweet;
  entities?: V1Entities;
  extended_entities?: { media?: V1Media[] };
}

interface V1Media {
  id_str: string;
  type: string;
  media_url_https?: string;
}

function v1User(u: V1User): V2User {
  return { id: u.id_str, username: u.screen_name, name: u.name, verified: u.verified, profile_image_url: u.profile_image_url_https, public_metrics: { followers_count: u.followers_count } };
}

/** Converts a v1.1 tweet into the v2 shape, collecting referenced users, tweets and media into `inc`. */
function v1Tweet(t: V1Tweet, inc: Required<V2Includes>): V2Tweet {
  if (!t || typeof t.id_str !== 'string' || !t.user || typeof t.user.id_str !== 'string') throw new ChannelError('malformed_payload', 'X webhook tweet without id_str or user', false);
  inc.users.push(v1User(t.user));
  const entities = t.extended_tweet?.entities ?? t.entities;
  const media = t.extended_tweet?.extended_entities?.media ?? t.extended_entities?.media ?? [];
  const refs: NonNullable<V2Tweet['referenced_tweets']> = [];
  if (t.in_reply_to_status_id_str) refs.push({ type: 'replied_to', id: t.in_reply_to_status_id_str });
  if (t.quoted_status) refs.push({ type: 'quoted', id: v1Tweet(t.quoted_status, inc).id });
  if (t.retweeted_status) refs.push({ type: 'retweeted', id: v1Tweet(t.retweeted_status, inc).id });
  if (t.in_reply_to_user_id_str) inc.users.push({ id: t.in_reply_to_user_id_str, username: t.in_reply_to_screen_name ?? undefined });
  for (const m of entities?.user_mentions ?? []) if (m.id_str) inc.users.push({ id: m.id_str, username: m.screen_name, name: m.name });
  for (const m of media) if (m.media_url_https) inc.media.push({ media_key: m.id_str, type: m.type, url: m.media_url_https } satisfies V2Media);
  const tweet: V2Tweet = {
    id: t.id_str,
    text: t.extended_tweet?.full_text ?? t.full_text ?? t.text ?? '',
    author_id: t.user.id_str,
    created_at: new Date(t.created_at).toISOString(),
    in_reply_to_user_id: t.in_reply_to_user_id_str ?? undefined,
    lang: t.lang,
    referenced_tweets: refs.length > 0 ? refs : undefined,
    entities: {
      mentions: (entities?.user_mentions ?? []).map((m) => ({ username: m.screen_name, id: m.id_str })),
      urls: (entities?.urls ?? []).map((u) => ({ url: u.url, expanded_url: u.expanded_url })),
    },
    attachments: media.length > 0 ? { media_keys: media.map((m) => m.id_str) } : undefined,
  };
  inc.tweets.push(tweet);
  return tweet;
}

interface V1DmEvent {
  type: string;
  id: string;
  created_timestamp: string;
  message_create?: { sender_id: string; target: { recipient_id: string }; message_data?: { text?: string } };
}

interface AccountActivity {
  for_user_id: string;
  tweet_create_events?: V1Tweet[];
  direct_message_events?: V1DmEvent[];
  users?: Record<string, V1User>;
  tweet_delete_events?: Array<{ status: { id: string; user_id?: string }; timestamp_ms: string }>;
  follow_events?: Array<{ type: string; created_timestamp: string; source: V1User; target: V1User }>;
}

function parseAccountActivity(body: AccountActivity, ownUserId: string): ChannelEvent[] {
  const events: ChannelEvent[] = [];
  for (const t of body.tweet_create_events ?? []) {
    const inc: Required<V2Includes> = { users: [], tweets: [], media: [] };
    const tweet = v1Tweet(t, inc);
    events.push({ type: 'upsert', item: { ...tweetToItem(tweet, inc, ownUserId), raw: t } });
  }
  const users = Object.values(body.users ?? {}).map(v1User);
  for (const e of body.direct_message_events ?? []) {
    const mc = e.message_create;
    if (e.type !== 'message_create' || !mc) continue;
    const dm: V2DmEvent = {
      id: e.id,
      event_type: 'MessageCreate',
      text: mc.message_data?.text,
      sender_id: mc.sender_id,
      dm_conversation_id: conversationId(mc.sender_id, mc.target.recipient_id),
      created_at: new Date(Number(e.created_timestamp)).toISOString(),
    };
    const item = dmEventToItem(dm, { users }, ownUserId);
    if (item) events.push({ type: 'upsert', item: { ...item, raw: e } });
  }
  for (const d of body.tweet_delete_events ?? []) events.push({ type: 'delete', nativeId: d.status.id, at: new Date(Number(d.timestamp_ms)) });
  for (const f of body.follow_events ?? []) {
    if (f.type !== 'follow') continue;
    events.push({
      type: 'interaction',
      interaction: { type: 'follow', source: userToAuthor(f.source.id_str, [v1User(f.source)]), target: userToAuthor(f.target.id_str, [v1User(f.target)]), at: new Date(Number(f.created_timestamp)) },
    });
  }
  return events;
}

export function parseXWebhook(req: InboundRequest, account: AccountContext): ChannelEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
  } catch {
    throw new ChannelError('malformed_payload', 'X webhook body is not JSON', false);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ChannelError('malformed_payload', 'X webhook body is not an object', false);
  const ownUserId = typeof account.settings.userId === 'string' ? account.settings.userId : undefined;
  const b = body as Record<string, unknown>;
  try {
    if (typeof b.for_user_id === 'string') return parseAccountActivity(b as unknown as AccountActivity, ownUserId ?? b.for_user_id);
    if (b.data && typeof b.data === 'object' && !Array.isArray(b.data)) {
      return [{ type: 'upsert', item: tweetToItem(b.data, b.includes as V2Includes | undefined, ownUserId) }];
    }
  } catch (err) {
    if (err instanceof ChannelError) throw err;
    throw new ChannelError('malformed_payload', `X webhook payload not understood: ${(err as Error).message}`, false);
  }
  throw new ChannelError('malformed_payload', 'X webhook payload is neither Account Activity (for_user_id) nor a v2 post ({ data })', false);
}
