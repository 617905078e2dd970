import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { BlogLink, BlogTables } from './blog.tables.js';
import { escapeHtml, htmlText, sanitizeHtml } from './sanitize.js';

export interface BlogPostInput {
  title: string;
  /** The body as HTML (sanitised on the way in); plain `text` is used when there is no HTML. */
  html?: string;
  text?: string;
  coverUrl?: string;
  coverAlt?: string;
  /** Stable per post: publishing twice with one key gives one post. */
  idempotencyKey?: string;
}

export interface BlogPostView {
  id: string;
  slug: string;
  title: string;
  html: string;
  summary: string;
  coverUrl: string | null;
  coverAlt: string | null;
  url: string;
  publishedAt: string;
  updatedAt: string;
}

export interface BlogSettingsView {
  workspaceSlug: string;
  title: string;
  description: string;
  links: BlogLink[];
  url: string;
}

export interface BlogWorkspace {
  id: string;
  name: string;
  slug: string;
}

type Row = BlogTables['blog_posts'];

/** A post's slug from its title: letters (Hangul included) and digits joined by hyphens. */
export function slugify(title: string): string {
  const s = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...s].slice(0, 60).join('').replace(/-+$/, '') || 'post';
}

const textToHtml = (text: string): string =>
  text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

function checkCover(url: string | undefined, alt: string | undefined): void {
  if (url === undefined) return;
  if (!/^https:\/\/[^\s"<>]+$/.test(url) && !/^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=]+$/i.test(url)) throw invalid('blog.bad_cover', 'The cover image must be an https URL or a data:image URL.', 'coverUrl');
  if (!alt?.trim()) throw invalid('blog.cover_alt_required', 'A cover image needs alt text.', 'coverAlt');
}

/**
 * The built-in blog: posts per workspace (sanitised HTML, a cover image with alt text), served publicly at
 * /blog/<workspace-slug>/ with feeds; publish is idempotent by key, every change audited in its transaction.
 */
export class BlogService {
  private readonly db: Kysely<BlogTables>;

  constructor(
    store: Store,
    private readonly clock: Clock,
    /** The workspace behind a public slug or an id (the workspaces face). */
    private readonly workspaceOf: (ref: string) => Promise<BlogWorkspace | undefined>,
    /** Where Sotong is reached from outside (SOTONG_PUBLIC_URL), for absolute links in feeds and cards. */
    private readonly publicUrl: string = 'http://localhost:8080',
  ) {
    this.db = tables<BlogTables>(store);
  }

  baseUrl(workspaceSlug: string): string {
    return `${this.publicUrl.replace(/\/+$/, '')}/blog/${encodeURIComponent(workspaceSlug)}/`;
  }

  private view(row: Row, wsSlug: string): BlogPostView {
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      html: row.html,
      summary: row.summary,
      coverUrl: row.cover_url,
      coverAlt: row.cover_alt,
      url: `${this.baseUrl(wsSlug)}${encodeURIComponent(row.slug)}`,
      publishedAt: new Date(row.published_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  private async workspace(scope: Scope): Promise<BlogWorkspace> {
    const ws = await this.workspaceOf(scope.workspaceId);
    if (!ws) throw notFound('workspace.not_found', 'No such workspace.');
    return ws;
  }

  private body(input: Pick<BlogPostInput, 'html' | 'text'>): { html: string; summary: string } {
    const html = input.html?.trim() ? sanitizeHtml(input.html) : textToHtml(input.text ?? '');
    const summary = [...htmlText(html)].slice(0, 280).join('');
    if (!summary && !/<img /.test(html)) throw invalid('blog.empty', 'The post has no content.', 'html');
    return { html, summary };
  }

  /** Publishes a post; the same idempotency key answers with the post made the first time. */
  async publish(scope: Scope, input: BlogPostInput): Promise<BlogPostView & { nativeId: string }> {
    assertCan(scope, 'blog.manage');
    const ws = await this.workspace(scope);
    const title = input.title.trim();
    if (!title) throw invalid('blog.title_required', 'A post needs a title.', 'title');
    checkCover(input.coverUrl, input.coverAlt);
    const { html, summary } = this.body(input);
    const key = input.idempotencyKey?.trim() || null;
    const byKey = async (): Promise<Row | undefined> => (key ? this.db.selectFrom('blog_posts').selectAll().where('workspace_id', '=', scope.workspaceId).where('idempotency_key', '=', key).executeTakeFirst() : undefined);
    const earlier = await byKey();
    if (earlier) return { ...this.view(earlier, ws.slug), nativeId: earlier.id };
    const now = this.clock.now();
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const base = slugify(title);
        const taken = new Set((await trx.selectFrom('blog_posts').select('slug').where('workspace_id', '=', scope.workspaceId).where('slug', 'like', `${base}%`).execute()).map((r) => r.slug));
        let slug = base;
        for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
        const values: Row = {
          id: crypto.randomUUID(),
          workspace_id: scope.workspaceId,
          slug,
          title,
          html,
          summary,
          cover_url: input.coverUrl ?? null,
          cover_alt: input.coverUrl ? (input.coverAlt?.trim() ?? null) : null,
          idempotency_key: key,
          published_at: now,
          updated_at: now,
          created_by: scope.actor.userId,
        };
        await trx.insertInto('blog_posts').values(values).execute();
        await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'blog.post_published', targetType: 'blog_post', targetId: values.id, after: { slug, title }, at: now });
        return values;
      });
      return { ...this.view(row, ws.slug), nativeId: row.id };
    } catch (err) {
      // Two publishers raced on one key (or one slug): the winner's post is the answer.
      const winner = await byKey();
      if (winner) return { ...this.view(winner, ws.slug), nativeId: winner.id };
      throw err;
    }
  }

  async edit(scope: Scope, id: string, input: Partial<BlogPostInput>): Promise<BlogPostView> {
    assertCan(scope, 'blog.manage');
    const ws = await this.workspace(scope);
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('blog_posts')
        .selectAll()
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', isUuid(id) ? id : '00000000-0000-0000-0000-000000000000')
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('blog.post_not_found', 'No such blog post.');
      const patch: Partial<Row> = { updated_at: now };
      if (input.title !== undefined) {
        if (!input.title.trim()) throw invalid('blog.title_required', 'A post needs a title.', 'title');
        patch.title = input.title.trim();
      }
      if (input.html !== undefined || input.text !== undefined) Object.assign(patch, this.body(input));
      if (input.coverUrl !== undefined) {
        checkCover(input.coverUrl || undefined, input.coverAlt);
        patch.cover_url = input.coverUrl || null;
        patch.cover_alt = input.coverUrl ? (input.coverAlt?.trim() ?? null) : null;
      }
      await trx.updateTable('blog_posts').set(patch).where('id', '=', before.id).execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'blog.post_edited',
        targetType: 'blog_post',
        targetId: before.id,
        before: { title: before.title },
        after: { title: patch.title ?? before.title },
        at: now,
      });
      return { ...before, ...patch };
    });
    return this.view(row, ws.slug);
  }

  async delete(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'blog.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('blog_posts')
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', isUuid(id) ? id : '00000000-0000-0000-0000-000000000000')
        .returning(['id', 'slug', 'title'])
        .executeTakeFirst();
      if (!gone) throw notFound('blog.post_not_found', 'No such blog post.');
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'blog.post_deleted', targetType: 'blog_post', targetId: gone.id, before: { slug: gone.slug, title: gone.title }, at: now });
    });
  }

  async list(scope: Scope): Promise<BlogPostView[]> {
    const ws = await this.workspace(scope);
    const rows = await this.db.selectFrom('blog_posts').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('published_at', 'desc').limit(500).execute();
    return rows.map((r) => this.view(r, ws.slug));
  }

  async get(scope: Scope, id: string): Promise<BlogPostView> {
    const ws = await this.workspace(scope);
    const row = isUuid(id) ? await this.db.selectFrom('blog_posts').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('blog.post_not_found', 'No such blog post.');
    return this.view(row, ws.slug);
  }

  async settings(scope: Scope): Promise<BlogSettingsView> {
    return this.settingsOf(await this.workspace(scope));
  }

  async updateSettings(scope: Scope, input: { title?: string; description?: string; links?: BlogLink[] }): Promise<BlogSettingsView> {
    assertCan(scope, 'blog.manage');
    const ws = await this.workspace(scope);
    for (const l of input.links ?? []) if (!/^https?:\/\/[^\s"<>]+$/.test(l.url)) throw invalid('blog.bad_link', `Not an http(s) link: ${l.url}`, 'links');
    const current = await this.settingsOf(ws);
    const now = this.clock.now();
    const next = { workspace_id: ws.id, title: input.title?.trim() || current.title, description: input.description ?? current.description, links: input.links ?? current.links, updated_at: now };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('blog_settings')
        .values({ ...next, links: jsonParam(next.links) })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ title: next.title, description: next.description, links: jsonParam(next.links), updated_at: now }))
        .execute();
      await appendAudit(trx, { workspaceId: ws.id, actor: scope.actor, action: 'blog.settings_changed', targetType: 'blog', targetId: ws.id, after: { title: next.title, description: next.description, links: next.links }, at: now });
    });
    return this.settingsOf(ws);
  }

  private async settingsOf(ws: BlogWorkspace): Promise<BlogSettingsView> {
    const row = await this.db.selectFrom('blog_settings').selectAll().where('workspace_id', '=', ws.id).executeTakeFirst();
    return { workspaceSlug: ws.slug, title: row?.title ?? ws.name, description: row?.description ?? '', links: row?.links ?? [], url: this.baseUrl(ws.slug) };
  }

  /** Public reading, by the workspace's slug: undefined when there is no such workspace. */
  async publicBlog(workspaceSlug: string, limit = 50): Promise<{ settings: BlogSettingsView; posts: BlogPostView[] } | undefined> {
    if (isUuid(workspaceSlug)) return undefined; // public addresses use the slug, never the id
    const ws = await this.workspaceOf(workspaceSlug);
    if (!ws) return undefined;
    const rows = await this.db.selectFrom('blog_posts').selectAll().where('workspace_id', '=', ws.id).orderBy('published_at', 'desc').limit(limit).execute();
    return { settings: await this.settingsOf(ws), posts: rows.map((r) => this.view(r, ws.slug)) };
  }

  async publicPost(workspaceSlug: string, postSlug: string): Promise<{ settings: BlogSettingsView; post: BlogPostView } | undefined> {
    if (isUuid(workspaceSlug)) return undefined;
    const ws = await this.workspaceOf(workspaceSlug);
    if (!ws) return undefined;
    const row = await this.db.selectFrom('blog_posts').selectAll().where('workspace_id', '=', ws.id).where('slug', '=', postSlug.normalize('NFC')).executeTakeFirst();
    if (!row) return undefined;
    return { settings: await this.settingsOf(ws), post: this.view(row, ws.slug) };
  }
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
