/** Tag names: normalised as posts store them, and resolved through merges (a merged tag answers as its target). */
import { hashtagsOf } from '../../nlp/index.js';
import type { Db } from './context.js';

/** Normalises a tag as posts store it (without #, NFC, lower case); empty when nothing is left. */
export const tagName = (raw: string) => (hashtagsOf(`#${String(raw ?? '').replace(/^#/, '')}`)[0] ?? '').slice(0, 100);

/** The tags as they are filed: each merged tag replaced by the tag it was merged into, without repeats. */
export async function canonicalTags(db: Pick<Db, 'selectFrom'>, workspaceId: string, names: readonly string[]): Promise<string[]> {
  const tags = [...new Set(names.filter(Boolean))];
  if (tags.length === 0) return [];
  const aliases = await db.selectFrom('mb_tag_aliases').select(['tag', 'target']).where('workspace_id', '=', workspaceId).where('tag', 'in', tags).execute();
  const to = new Map(aliases.map((a) => [a.tag, a.target]));
  return [...new Set(tags.map((t) => to.get(t) ?? t))];
}

/** One tag, normalised and resolved; empty when the name holds no tag. */
export async function canonicalTag(db: Pick<Db, 'selectFrom'>, workspaceId: string, raw: string): Promise<string> {
  const name = tagName(raw);
  return name ? ((await canonicalTags(db, workspaceId, [name]))[0] ?? name) : '';
}
