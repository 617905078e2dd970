/**
 * Meta webhooks (Pages, Instagram, Messenger): the hub.challenge handshake, X-Hub-Signature-256 over the
 * raw body, and parsing of `changes` (page feed comments and posts, Instagram comments) and `messaging`
 * (Messenger and Instagram messages, echoes, edits; reads and deliveries are ignored).
 *
 * Thread ids say where an item lives, so a reply can be routed without more lookups: Facebook comments
 * use the post id; Instagram comments `instagram:media:<media id>`; Messenger conversations
 * `messenger:<PSID>`; Instagram conversations `instagram:dm:<IGSID>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelError, type AccountContext, type CanonicalItem, type ChannelEvent, type InboundRequest, type MediaRef, type VerifyResult } from '../port.js';

export const threadIds = {
  igMedia: (mediaId: string) => `instagram:media:${mediaId}`,
  igDm: (igsid: string) => `instagram:dm:${igsid}`,
  messenger: (psid: string) => `messenger:${psid}`,
};

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyMetaWebhook(req: InboundRequest, account: AccountContext): VerifyResult {
  if (req.method.toUpperCase() === 'GET') {
    if (req.query['hub.mode'] !== 'subscribe' || req.query['hub.challenge'] === undefined) return { kind: 'reject', reason: 'GET without hub.mode=subscribe and hub.challenge' };
    const expected = account.credentials.verifyToken;
    const given = req.query['hub.verify_token'] ?? '';
    if (!expected || !safeEqual(given, expected)) return { kind: 'respond', status: 403, contentType: 'text/plain', body: 'verify token mismatch' };
    return { kind: 'respond', status: 200, contentType: 'text/plain', body: req.query['hub.challenge'] };
  }
  const secret = account.credentials.appSecret;
  if (!secret) return { kind: 'reject', reason: 'no appSecret configured for this Meta account' };
  const header = req.headers['x-hub-signature-256'];
  if (!header) return { kind: 'reject', reason: 'missing X-Hub-Signature-256 header' };
  const expected = `sha256=${createHmac('sha256', secret).update(req.rawBody).digest('hex')}`;
  return safeEqual(header.trim().toLowerCase(), expected) ? { kind: 'accept' } : { kind: 'reject', reason: 'X-Hub-Signature-256 does not match the body' };
}

interface From {
  id?: string;
  name?: string;
  username?: string;
}

interface Attachment {
  type?: string;
  payload?: { url?: string; title?: string };
}

interface MessagingEvent {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: { mid?: string; text?: string; is_echo?: boolean; is_deleted?: boolean; reply_to?: { mid?: string }; attachments?: Attachment[] };
  message_edit?: { mid?: string; text?: string; num_edit?: number };
  postback?: { mid?: string; title?: string; payload?: string };
}

const fail = (why: string): never => {
  throw new ChannelError('malformed_payload', `Meta webhook: ${why}`, false);
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** Meta sends seconds in entry.time and feed created_time, milliseconds in messaging timestamps. */
function dateOf(v: unknown): Date {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  const d = n !== undefined ? new Date(n < 1e12 ? n * 1000 : n) : typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) fail(`unusable time ${JSON.stringify(v)}`);
  return d!;
}

function mediaOf(attachments: Attachment[] | undefined): { media: MediaRef[]; links: string[] } {
  const media: MediaRef[] = [];
  const links: string[] = [];
  for (const a of attachments ?? []) {
    const url = a.payload?.url;
    if (!url) continue;
    if (a.type === 'image' || a.type === 'video' || a.type === 'audio' || a.type === 'file') media.push({ type: a.type, url });
    else links.push(url);
  }
  return { media, links };
}

function feedChange(value: Record<string, unknown>, pageId: string, entryTime: unknown): ChannelEvent[] {
  const item = str(value.item);
  const verb = str(value.verb);
  const from = (value.from ?? {}) as From;
  const isComment = item === 'comment';
  const id = str(isComment ? value.comment_id : value.post_id);
  if (!item || !verb) fail('feed change without item or verb');
  if (!isComment && !['status', 'post', 'photo', 'video', 'share'].includes(item!)) return [];
  if (!id) fail(`feed ${item} without an id`);
  if (verb === 'remove') return [{ type: 'delete', nativeId: id!, at: dateOf(value.created_time ?? entryTime) }];
  if (!['add', 'edited', 'edit', 'update'].includes(verb!)) return [];
  const authorId = str(from.id) ?? fail(`feed ${item} ${id} without from.id`);
  const postId = str(value.post_id);
  const parentId = isComment ? str(value.parent_id) : undefined;
  const edited = verb !== 'add';
  const author = { nativeId: authorId, displayName: from.name };
  const item_: CanonicalItem = {
    nativeId: id!,
    kind: isComment ? (parentId && parentId !== postId ? 'reply' : 'comment') : 'post',
    author,
    parentNativeId: parentId,
    threadNativeId: postId,
    text: str(value.message) ?? '',
    links: [],
    media: typeof value.photo === 'string' ? [{ type: 'image', url: value.photo }] : typeof value.link === 'string' && item === 'photo' ? [{ type: 'image', url: value.link }] : [],
    createdAt: dateOf(value.created_time ?? entryTime),
    url: typeof value.post === 'object' && value.post && !isComment ? str((value.post as Record<string, unknown>).permalink_url) : undefined,
    isPrivate: false,
    direction: authorId === pageId ? 'outbound' : 'inbound',
    editedAt: edited ? dateOf(entryTime) : undefined,
    interactions: isComment && postId && parentId === postId && authorId !== pageId ? [{ type: 'reply', target: { nativeId: pageId }, targetItemNativeId: postId }] : [],
    raw: value,
  };
  return [{ type: 'upsert', item: item_ }];
}

function instagramComment(value: Record<string, unknown>, igId: string, entryTime: unknown): ChannelEvent[] {
  const id = str(value.id) ?? fail('Instagram comment without id');
  const from = (value.from ?? {}) as From;
  const authorId = str(from.id) ?? fail(`Instagram comment ${id} without from.id`);
  const media = (value.media ?? {}) as { id?: string };
  const mediaId = str(media.id);
  const parentId = str(value.parent_id);
  const username = str(from.username);
  return [
    {
      type: 'upsert',
      item: {
        nativeId: id,
        kind: parentId ? 'reply' : 'comment',
        author: { nativeId: authorId, handle: username, profileUrl: username ? `https://www.instagram.com/${username}/` : undefined },
        parentNativeId: parentId ?? mediaId,
        threadNativeId: mediaId ? threadIds.igMedia(mediaId) : undefined,
        text: str(value.text) ?? '',
        links: [],
        media: [],
        createdAt: dateOf(entryTime),
        isPrivate: false,
        direction: authorId === igId ? 'outbound' : 'inbound',
        interactions: !parentId && mediaId && authorId !== igId ? [{ type: 'reply', target: { nativeId: igId }, targetItemNativeId: mediaId }] : [],
        raw: value,
      },
    },
  ];
}

function messagingEvent(m: MessagingEvent, instagram: boolean): ChannelEvent[] {
  const sender = str(m.sender?.id);
  const recipient = str(m.recipient?.id);
  const message = m.message ?? (m.postback?.mid ? { mid: m.postback.mid, text: m.postback.title } : undefined);
  const edit = m.message_edit;
  if (!message && !edit) return []; // reads, deliveries, reactions, referrals, handovers
  if (!sender || !recipient) fail('messaging event without sender.id or recipient.id');
  const at = dateOf(m.timestamp);
  const mid = str(message?.mid ?? edit?.mid) ?? fail('message without mid');
  if (message?.is_deleted) return [{ type: 'delete', nativeId: mid, at }];
  const outbound = message?.is_echo === true;
  const customer = outbound ? recipient! : sender!;
  const { media, links } = mediaOf(message?.attachments);
  return [
    {
      type: 'upsert',
      item: {
        nativeId: mid,
        kind: 'direct_message',
        author: { nativeId: sender! },
        parentNativeId: str(message?.reply_to?.mid),
        threadNativeId: instagram ? threadIds.igDm(customer) : threadIds.messenger(customer),
        text: str(message?.text ?? edit?.text) ?? '',
        links,
        media,
        createdAt: at,
        isPrivate: true,
        direction: outbound ? 'outbound' : 'inbound',
        editedAt: edit ? at : undefined,
        interactions: [],
        raw: m,
      },
    },
  ];
}

export function parseMetaWebhook(req: InboundRequest, account: AccountContext): ChannelEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
  } catch {
    fail('body is not JSON');
  }
  const b = body as { object?: unknown; entry?: unknown } | null;
  if (!b || typeof b !== 'object' || typeof b.object !== 'string' || !Array.isArray(b.entry)) fail('expected { object, entry: [] }');
  if (b!.object !== 'page' && b!.object !== 'instagram') return [];
  const instagram = b!.object === 'instagram';
  const events: ChannelEvent[] = [];
  for (const entry of b!.entry as Array<Record<string, unknown>>) {
    if (!entry || typeof entry !== 'object') fail('entry is not an object');
    const ownId = str(entry.id) ?? str(instagram ? account.settings.instagramId : account.settings.pageId) ?? '';
    for (const m of (entry.messaging ?? []) as MessagingEvent[]) events.push(...messagingEvent(m, instagram));
    for (const change of (entry.changes ?? []) as Array<{ field?: string; value?: Record<string, unknown> }>) {
      const value = change?.value;
      if (!value || typeof value !== 'object') fail('change without value');
      if (change.field === 'feed' && !instagram) events.push(...feedChange(value!, ownId, entry.time));
      else if ((change.field === 'comments' || change.field === 'live_comments') && instagram) events.push(...instagramComment(value!, ownId, entry.time));
      else if (change.field === 'messages' || change.field === 'message_edits') events.push(...messagingEvent(value as MessagingEvent, instagram));
    }
  }
  return events;
}
