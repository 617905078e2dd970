/**
 * The inbound event schema of the generic webhook (documented in docs/channels/webhook.md): one event
 * object, or `{ "events": [ ... ] }` with up to MAX_BATCH events. A batch is all-or-nothing: one invalid
 * event makes the whole body malformed, so the sender can fix and resend it.
 */
import { ChannelError, type CanonicalAuthor, type CanonicalItem, type ChannelEvent, type ItemKind, type MediaRef } from '../port.js';

export const MAX_BATCH = 500;
const TYPES = ['post', 'comment', 'reply', 'direct_message', 'review'] as const;
const MEDIA_TYPES = ['image', 'video', 'audio', 'file', 'link'] as const;

const authorSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    handle: { type: 'string' },
    name: { type: 'string' },
    followers: { type: 'integer', minimum: 0 },
    url: { type: 'string' },
    avatarUrl: { type: 'string' },
  },
} as const;

const itemEventSchema = {
  type: 'object',
  required: ['id', 'type', 'author', 'text', 'createdAt'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 256, description: 'Stable id at the source; resending the same id updates the item' },
    type: { enum: TYPES },
    author: authorSchema,
    text: { type: 'string' },
    createdAt: { description: 'RFC 3339 date-time, or epoch milliseconds', oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }] },
    parentId: { type: 'string' },
    threadId: { type: 'string' },
    url: { type: 'string' },
    lang: { type: 'string', description: 'BCP-47' },
    private: { type: 'boolean', description: 'Defaults to true for direct_message, false otherwise' },
    title: { type: 'string' },
    editedAt: { oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }] },
    direction: { enum: ['inbound', 'outbound'], default: 'inbound' },
    links: { type: 'array', items: { type: 'string' } },
    media: { type: 'array', items: { type: 'object', required: ['type', 'url'], properties: { type: { enum: MEDIA_TYPES }, url: { type: 'string' }, mimeType: { type: 'string' } } } },
    inReplyToAuthor: authorSchema,
    mentions: { type: 'array', items: authorSchema },
  },
} as const;

const deleteEventSchema = {
  type: 'object',
  required: ['id', 'deleted'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 256 },
    deleted: { const: true, description: 'The item was deleted at the source' },
    editedAt: { description: 'When it was deleted (default: when received)', oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }] },
  },
} as const;

const eventSchema = { anyOf: [itemEventSchema, deleteEventSchema] } as const;

/** JSON Schema (draft 2020-12) of a request body. */
export const inboundSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:sotong:channels:webhook:events:v1',
  oneOf: [eventSchema, { type: 'object', required: ['events'], properties: { events: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: eventSchema } } }],
} as const;

type Obj = Record<string, unknown>;

const bad = (where: string, why: string): never => {
  throw new ChannelError('malformed_payload', `webhook ${where}: ${why}`, false);
};

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function optString(o: Obj, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : bad(where, `${key} must be a string`);
}

function date(v: unknown, where: string, key: string): Date {
  const d = typeof v === 'number' && Number.isInteger(v) ? new Date(v) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : bad(where, `${key} must be an RFC 3339 date-time or epoch milliseconds`);
}

function author(v: unknown, where: string): CanonicalAuthor {
  if (!isObj(v)) return bad(where, 'must be an object with an id');
  const id = v.id;
  if (typeof id !== 'string' || id === '') return bad(where, 'id must be a non-empty string');
  const followers = v.followers;
  if (followers !== undefined && (typeof followers !== 'number' || !Number.isInteger(followers) || followers < 0)) bad(where, 'followers must be a non-negative integer');
  return {
    nativeId: id,
    handle: optString(v, 'handle', where),
    displayName: optString(v, 'name', where),
    followers: followers as number | undefined,
    profileUrl: optString(v, 'url', where),
    avatarUrl: optString(v, 'avatarUrl', where),
  };
}

function stringList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return bad(where, 'must be an array of strings');
  return v as string[];
}

function mediaList(v: unknown, where: string): MediaRef[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return bad(where, 'must be an array');
  return v.map((m, i) => {
    if (!isObj(m) || !MEDIA_TYPES.includes(m.type as MediaRef['type']) || typeof m.url !== 'string') return bad(`${where}[${i}]`, 'needs type (image|video|audio|file|link) and url');
    return { type: m.type as MediaRef['type'], url: m.url, mimeType: optString(m, 'mimeType', `${where}[${i}]`) };
  });
}

function toEvent(e: unknown, where: string, now: Date): ChannelEvent {
  if (!isObj(e)) return bad(where, 'event must be an object');
  const id = e.id;
  if (typeof id !== 'string' || id === '' || id.length > 256) return bad(where, 'id must be a non-empty string (at most 256 characters)');
  if (e.deleted === true) return { type: 'delete', nativeId: id, at: e.editedAt === undefined ? now : date(e.editedAt, where, 'editedAt') };
  const type = e.type;
  if (!TYPES.includes(type as (typeof TYPES)[number])) return bad(where, `type must be one of ${TYPES.join(', ')}`);
  if (typeof e.text !== 'string') return bad(where, 'text must be a string');
  if (e.private !== undefined && typeof e.private !== 'boolean') bad(where, 'private must be a boolean');
  if (e.direction !== undefined && e.direction !== 'inbound' && e.direction !== 'outbound') bad(where, 'direction must be inbound or outbound');
  const parentId = optString(e, 'parentId', where);
  const interactions: CanonicalItem['interactions'] = [];
  if (e.inReplyToAuthor !== undefined) interactions.push({ type: 'reply', target: author(e.inReplyToAuthor, `${where}.inReplyToAuthor`), targetItemNativeId: parentId });
  if (e.mentions !== undefined) {
    if (!Array.isArray(e.mentions)) bad(where, 'mentions must be an array');
    (e.mentions as unknown[]).forEach((m, i) => interactions.push({ type: 'mention', target: author(m, `${where}.mentions[${i}]`) }));
  }
  return {
    type: 'upsert',
    item: {
      nativeId: id,
      kind: type as ItemKind,
      author: author(e.author, `${where}.author`),
      parentNativeId: parentId,
      threadNativeId: optString(e, 'threadId', where),
      title: optString(e, 'title', where),
      text: e.text,
      lang: optString(e, 'lang', where),
      links: stringList(e.links, `${where}.links`),
      media: mediaList(e.media, `${where}.media`),
      createdAt: date(e.createdAt, where, 'createdAt'),
      url: optString(e, 'url', where),
      isPrivate: (e.private as boolean | undefined) ?? type === 'direct_message',
      direction: (e.direction as 'inbound' | 'outbound' | undefined) ?? 'inbound',
      editedAt: e.editedAt === undefined ? undefined : date(e.editedAt, where, 'editedAt'),
      interactions,
      raw: e,
    },
  };
}

/** Validates a request body (already JSON-parsed) and maps it to events. */
export function eventsFromBody(body: unknown, now: Date): ChannelEvent[] {
  if (!isObj(body)) return bad('body', 'must be a JSON object');
  if (!('events' in body)) return [toEvent(body, 'event', now)];
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0) return bad('body', 'events must be a non-empty array');
  if (events.length > MAX_BATCH) return bad('body', `at most ${MAX_BATCH} events per request`);
  return events.map((e, i) => toEvent(e, `events[${i}]`, now));
}
