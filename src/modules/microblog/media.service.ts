/**
 * Images and files on the microblog (issue #18): uploaded through the Mastodon API (`POST /api/v2/media`)
 * or the web, kept by the storage port, attached to at most four posts' worth of one post each. The type
 * is read from the bytes, not from what the client says. The guideline screen looks at every file before
 * it is shown: a spreadsheet, CSV, archive or office document (where customer lists travel), or a name
 * carrying a confidentiality marker, holds the post that attaches it.
 */
import crypto from 'node:crypto';
import type { BlobStorage } from '../../platform/storage/storage.js';
import { invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { type Ctx, idOf, type Viewer } from './context.js';
import { guidelineScreen } from './guideline.js';
import type { MediaView } from '../../contracts/microblog.js';
import type { HoldReason, MicroblogTables } from './microblog.tables.js';

export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
export const MAX_MEDIA_PER_POST = 4;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

type MediaRow = Omit<MicroblogTables['mb_media'], 'id'> & { id: number };

export type { MediaView };

/** What the bytes are: magic numbers first (a client's content type is only a hint for plain text). */
export function sniff(data: Uint8Array, fileName: string): { contentType: string; kind: 'image' | 'unknown'; sensitive: string | null } {
  const b = Buffer.from(data.subarray(0, 16));
  const starts = (...xs: number[]) => xs.every((x, i) => b[i] === x);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { contentType: 'image/png', kind: 'image', sensitive: null };
  if (starts(0xff, 0xd8, 0xff)) return { contentType: 'image/jpeg', kind: 'image', sensitive: null };
  if (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a') return { contentType: 'image/gif', kind: 'image', sensitive: null };
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return { contentType: 'image/webp', kind: 'image', sensitive: null };
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return { contentType: 'application/pdf', kind: 'unknown', sensitive: null };
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  // ZIP containers: office documents and archives, where customer lists and internal material travel.
  if (starts(0x50, 0x4b, 0x03, 0x04)) return { contentType: 'application/zip', kind: 'unknown', sensitive: ['xlsx', 'xlsm', 'docx', 'pptx'].includes(ext) ? `office:${ext}` : 'archive' };
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return { contentType: 'application/octet-stream', kind: 'unknown', sensitive: 'office:legacy' };
  if (['csv', 'tsv', 'xls', 'xlsx', 'hwp', 'hwpx', 'db', 'sql', 'zip', '7z', 'rar', 'tar', 'gz'].includes(ext)) return { contentType: 'application/octet-stream', kind: 'unknown', sensitive: `type:${ext}` };
  return { contentType: 'application/octet-stream', kind: 'unknown', sensitive: null };
}

/** The guideline screen's reasons for a file: its sensitive type, and what its name and description say. */
export function screenFile(fileName: string, description: string, sensitive: string | null): HoldReason[] {
  const reasons: HoldReason[] = guidelineScreen(`${fileName}\n${description}`).map((r) => ({ ...r, start: 0, end: 0 }));
  if (sensitive) reasons.push({ type: 'file', kind: sensitive, start: 0, end: 0, message: `표·문서·압축 파일은 고객 정보가 담기기 쉬워 게시 전에 확인합니다 (file type: ${sensitive}).` });
  return reasons;
}

/** The view of a stored file; the hold reasons only for its uploader. */
export function mediaView(r: Omit<MicroblogTables['mb_media'], 'id'> & { id: number }, viewerId?: number): MediaView {
  return {
    id: String(r.id),
    type: r.kind === 'image' ? 'image' : 'unknown',
    url: `/media/${r.id}/${r.token}`,
    fileName: r.file_name,
    contentType: r.content_type,
    size: r.size,
    description: r.description,
    holdReasons: viewerId === undefined || viewerId === r.owner_id ? (r.hold_reasons ?? []) : [],
  };
}

export class MediaService {
  constructor(
    private readonly ctx: Ctx,
    private readonly storage: BlobStorage,
  ) {}

  view(r: MediaRow, viewer?: Viewer): MediaView {
    return mediaView(r, viewer?.person.id);
  }

  async upload(v: Viewer, input: { data: Uint8Array; fileName: string; description?: string }): Promise<MediaView> {
    if (input.data.byteLength === 0) throw invalid('microblog.media_empty', 'The file is empty.', 'file');
    if (input.data.byteLength > MAX_MEDIA_BYTES) throw invalid('microblog.media_too_large', `A file may hold at most ${MAX_MEDIA_BYTES / 1024 / 1024} MB.`, 'file');
    const fileName = (input.fileName || 'file')
      .normalize('NFC')
      .replace(/[\\/]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      .slice(0, 200);
    const description = (input.description ?? '').slice(0, 1500);
    const kind = sniff(input.data, fileName);
    const reasons = screenFile(fileName, description, kind.sensitive);
    const token = crypto.randomBytes(24).toString('base64url');
    const key = `mb/${v.scope.workspaceId}/${crypto.randomUUID()}`;
    // Bytes first: a row never points at nothing (an orphan file after a crash costs disk, not data).
    const stored = await this.storage.put(key, input.data);
    const now = this.ctx.clock.now();
    const row = await this.ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('mb_media')
        .values({
          workspace_id: v.scope.workspaceId,
          owner_id: v.person.id,
          post_id: null,
          storage_key: key,
          token,
          kind: kind.kind,
          content_type: kind.contentType,
          file_name: fileName,
          size: stored.size,
          sha256: stored.sha256,
          description,
          hold_reasons: reasons.length ? (JSON.stringify(reasons) as never) : null,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: v.scope.workspaceId,
        actor: v.scope.actor,
        action: 'microblog.media_uploaded',
        targetType: 'mb_media',
        targetId: String(r.id),
        after: { fileName, size: stored.size, sha256: stored.sha256, contentType: kind.contentType, flagged: reasons.map((x) => x.kind) },
        at: now,
      });
      return r;
    });
    return this.view(row as MediaRow, v);
  }

  /** One of the viewer's own uploads. */
  private async own(v: Viewer, rawId: string | number): Promise<MediaRow> {
    const id = idOf(rawId, 'media');
    const r = await this.ctx.db.selectFrom('mb_media').selectAll().where('workspace_id', '=', v.scope.workspaceId).where('id', '=', id).where('owner_id', '=', v.person.id).executeTakeFirst();
    if (!r) throw notFound('microblog.media_not_found', 'No such media.');
    return r as MediaRow;
  }

  async get(v: Viewer, rawId: string | number): Promise<MediaView> {
    return this.view(await this.own(v, rawId), v);
  }

  async describe(v: Viewer, rawId: string | number, description: string): Promise<MediaView> {
    const r = await this.own(v, rawId);
    if (r.post_id !== null) throw invalid('microblog.media_attached', 'The file is already in a post.', 'id');
    const text = description.slice(0, 1500);
    const reasons = screenFile(r.file_name, text, sniff((await this.storage.get(r.storage_key)) ?? new Uint8Array(), r.file_name).sensitive);
    const row = await this.ctx.db
      .updateTable('mb_media')
      .set({ description: text, hold_reasons: reasons.length ? (JSON.stringify(reasons) as never) : null })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.view(row as MediaRow, v);
  }

  /** Checks the viewer's uploads for a new post: their own, not yet in a post, at most four. */
  async forPost(v: Viewer, rawIds: readonly (string | number)[]): Promise<{ ids: number[]; reasons: HoldReason[] }> {
    if (rawIds.length === 0) return { ids: [], reasons: [] };
    if (rawIds.length > MAX_MEDIA_PER_POST) throw invalid('microblog.too_many_media', `A post holds at most ${MAX_MEDIA_PER_POST} files.`, 'media_ids');
    const rows: MediaRow[] = [];
    for (const raw of new Set(rawIds.map(String))) {
      const r = await this.own(v, raw);
      if (r.post_id !== null) throw invalid('microblog.media_attached', 'The file is already in a post.', 'media_ids');
      rows.push(r);
    }
    return { ids: rows.map((r) => r.id), reasons: rows.flatMap((r) => r.hold_reasons ?? []) };
  }

  /** Media of posts, in upload order, for presenting them. */
  async ofPosts(postIds: readonly number[]): Promise<Map<number, MediaRow[]>> {
    const out = new Map<number, MediaRow[]>();
    if (!postIds.length) return out;
    const rows = (await this.ctx.db
      .selectFrom('mb_media')
      .selectAll()
      .where('post_id', 'in', [...postIds])
      .orderBy('id')
      .execute()) as MediaRow[];
    for (const r of rows) out.set(r.post_id!, [...(out.get(r.post_id!) ?? []), r]);
    return out;
  }

  /**
   * The file behind a public address, when its post may be seen by anyone signed in to the workspace's
   * microblog... or by nobody but the uploader yet: the token is the capability (clients load images
   * without credentials), so an address is only ever handed to those who may read the post.
   */
  async file(rawId: string, token: string): Promise<{ data: Buffer; contentType: string; fileName: string; kind: string } | undefined> {
    if (!/^[1-9]\d{0,15}$/.test(rawId) || !/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
    const r = await this.ctx.db.selectFrom('mb_media').selectAll().where('id', '=', Number(rawId)).executeTakeFirst();
    if (!r || r.token.length !== token.length || !crypto.timingSafeEqual(Buffer.from(r.token), Buffer.from(token))) return undefined;
    const data = await this.storage.get(r.storage_key);
    return data ? { data, contentType: r.content_type, fileName: r.file_name, kind: r.kind } : undefined;
  }
}
