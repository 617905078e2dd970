import { mask } from '../../nlp/index.js';
import type { ArchiveService, VersionInput, VersionKind } from '../../modules/archive/index.js';
import type { FeedCursor, MicroblogArchiveFeed, MicroblogRecord } from '../../modules/microblog/index.js';

export const MICROBLOG_CAPTURE_JOB = 'archive.microblog';
const SOURCES = ['microblog.versions', 'microblog.deletions'] as const;
const KIND: Record<MicroblogRecord['kind'], VersionKind> = { created: 'sent', edited: 'edited', deleted: 'deleted' };

/**
 * The internal microblog into the archive: every version of every post (held ones too) and every deletion,
 * so that retention, legal holds, eDiscovery and export treat employees' posts as they treat customer
 * messages (channel `microblog`). A scan in the order things happened from a cursor kept by the archive;
 * a run that dies is repeated from the last cursor (dedupe keys make a repeat a no-op).
 */
export class MicroblogCapture {
  constructor(
    private readonly feed: Pick<MicroblogArchiveFeed, 'versionsAfter' | 'deletionsAfter'>,
    private readonly archive: Pick<ArchiveService, 'append' | 'captureCursor' | 'setCaptureCursor'>,
  ) {}

  /** Archives what happened since the last run (at most `rounds` pages of `limit` per source); returns how many. */
  async run(limit = 500, rounds = 20): Promise<number> {
    let n = 0;
    for (const source of SOURCES) {
      for (let round = 0; round < rounds; round++) {
        const cursor = (await this.archive.captureCursor(source)) as FeedCursor | null;
        const page = source === 'microblog.versions' ? await this.feed.versionsAfter(cursor, limit) : await this.feed.deletionsAfter(cursor, limit);
        if (!page.records.length || !page.next) break;
        const byWorkspace = new Map<string, VersionInput[]>();
        for (const r of page.records) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), versionOf(r)]);
        for (const [workspaceId, inputs] of byWorkspace) await this.archive.append(workspaceId, inputs);
        await this.archive.setCaptureCursor(source, page.next);
        n += page.records.length;
        if (page.records.length < limit) break;
      }
    }
    return n;
  }
}

export function versionOf(r: MicroblogRecord): VersionInput {
  const shown = r.spoiler ? `${r.spoiler}\n${r.text}` : r.text;
  return {
    dedupeKey: r.kind === 'deleted' ? `microblog:${r.postId}:deleted` : `microblog:${r.postId}:v${r.version}`,
    occurredAt: r.at,
    kind: KIND[r.kind],
    source: 'microblog',
    sourceId: String(r.postId),
    channel: 'microblog',
    accountId: null,
    nativeId: String(r.postId),
    conversationId: null,
    authorId: null,
    authorLabel: `${r.author.displayName} (@${r.author.username}${r.author.department ? `, ${r.author.department}` : ''})`,
    direction: 'outbound',
    isPrivate: r.visibility === 'direct' || r.visibility === 'private' || !!r.group?.closed,
    itemVersion: r.version,
    labels: r.state === 'held' ? ['held'] : [],
    meta: {
      personId: r.author.id,
      username: r.author.username,
      visibility: r.visibility,
      replyToId: r.replyToId,
      threadRootId: r.threadRootId,
      group: r.group,
      state: r.state,
      // The files are in Sotong's own storage (their bytes' SHA-256 recorded at upload), not fetched again.
      media: r.media.map((m) => ({ type: m.type, fileName: m.fileName, mimeType: m.mimeType, sha256: m.sha256 })),
    },
    attachments: [],
    textMasked: mask(shown),
    body: { title: r.spoiler || null, text: r.text },
  };
}
