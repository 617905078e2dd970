import { ITEM_KINDS, type ChannelEvent, type ItemKind } from '../../channels/port.js';
import type { ImportFormat, RowError } from '../../contracts/imports.js';

export type { ImportFormat, RowError };

export const IMPORT_COLUMNS = ['id', 'kind', 'author_id', 'author_handle', 'author_name', 'followers', 'text', 'created_at', 'parent_id', 'thread_id', 'url', 'lang'] as const;
const KINDS: readonly ItemKind[] = ITEM_KINDS;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Yields records with their first line number. */
export function* csvRecords(text: string): Generator<{ line: number; fields: string[] }> {
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM (Excel)
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (;;) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"' && field === '') {
        quoted = true;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || c === '\r') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        i++;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    yield { line: start, fields };
  }
}

/** Records of either format as objects keyed by column, with their line numbers; unreadable lines as errors. */
export function* importRecords(text: string, format: ImportFormat): Generator<{ line: number; record?: Record<string, unknown>; error?: string }> {
  if (format === 'jsonl') {
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.trim();
      if (!l) continue;
      try {
        const v = JSON.parse(l);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) yield { line: i + 1, error: 'each line must be a JSON object' };
        else yield { line: i + 1, record: v as Record<string, unknown> };
      } catch (err) {
        yield { line: i + 1, error: `not JSON: ${(err as Error).message}` };
      }
    }
    return;
  }
  let header: string[] | undefined;
  for (const { line, fields } of csvRecords(text)) {
    if (!header) {
      header = fields.map((f) => f.trim().toLowerCase());
      const missing = ['id', 'author_id', 'text', 'created_at'].filter((c) => !header!.includes(c));
      if (missing.length) {
        yield { line, error: `the header must name the columns ${missing.join(', ')}` };
        return;
      }
      continue;
    }
    if (fields.length !== header.length) {
      yield { line, error: `expected ${header.length} fields, found ${fields.length}` };
      continue;
    }
    yield { line, record: Object.fromEntries(header.map((h, k) => [h, fields[k]])) };
  }
}

const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

/** One record as a channel event, or the reason it cannot be one. */
export function recordToEvent(r: Record<string, unknown>): { event?: ChannelEvent; error?: string } {
  const id = str(r.id);
  const authorId = str(r.author_id);
  const text = r.text === undefined || r.text === null ? undefined : String(r.text);
  const created = str(r.created_at);
  if (!id) return { error: 'id is empty' };
  if (!authorId) return { error: 'author_id is empty' };
  if (text === undefined) return { error: 'text is missing' };
  const createdAt = created ? new Date(created) : undefined;
  if (!createdAt || Number.isNaN(createdAt.getTime())) return { error: `created_at is not a date: "${created ?? ''}"` };
  const kind = (str(r.kind) ?? (str(r.parent_id) ? 'reply' : 'post')) as ItemKind;
  if (!KINDS.includes(kind)) return { error: `kind must be one of ${KINDS.join(', ')}` };
  const followers = str(r.followers);
  if (followers !== undefined && !/^\d+$/.test(followers)) return { error: 'followers must be a whole number' };
  const parent = str(r.parent_id);
  const thread = str(r.thread_id);
  const url = str(r.url);
  const lang = str(r.lang);
  const handle = str(r.author_handle);
  const name = str(r.author_name);
  return {
    event: {
      type: 'upsert',
      item: {
        nativeId: id,
        kind,
        author: { nativeId: authorId, ...(handle ? { handle } : {}), ...(name ? { displayName: name } : {}), ...(followers ? { followers: Number(followers) } : {}) },
        ...(parent ? { parentNativeId: parent } : {}),
        ...(thread ? { threadNativeId: thread } : {}),
        text,
        ...(lang ? { lang } : {}),
        links: [...text.matchAll(/https?:\/\/[^\s)>\]]+/g)].map((m) => m[0]),
        media: [],
        createdAt,
        ...(url ? { url } : {}),
        isPrivate: kind === 'direct_message' || kind === 'email',
        direction: 'inbound',
        interactions: [],
        raw: r,
      },
    },
  };
}
