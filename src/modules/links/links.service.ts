import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { SharedCache } from '../../platform/cache.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { LinksTables } from './links.tables.js';
import { findUrls, replaceUrls } from '../../platform/text-urls.js';
import { applyUtm, checkTarget, CODE_LENGTH, DEFAULT_UTM, newCode, shortUrlOf, UTM_KEYS, type UtmContext } from './urls.js';
import type { LinkView } from '../../contracts/links.js';

export type { LinkView };

export interface LinkInput {
  url: string;
  campaign?: string | null;
  channel?: string | null;
  postId?: string | null;
  variant?: string | null;
  replyId?: string | null;
  conversationId?: string | null;
  title?: string | null;
  expiresAt?: string | null;
}

export interface UtmTemplateView {
  channel: string;
  campaign: string;
  params: Record<string, string>;
}

/** Where a text's links are going: the post, its channel variant, or the inbox reply and its conversation. */
export interface RewriteContext {
  channel: string;
  campaign?: string | null;
  postId?: string | null;
  variant?: string | null;
  replyId?: string | null;
  conversationId?: string | null;
  /** The title given to links made by this rewrite (e.g. the post's title and its channel). */
  title?: string | null;
}

/** A link of a rewritten text: the short URL that replaced the address written. */
export interface RewrittenLink {
  shortUrl: string;
  targetUrl: string;
  written: string;
}

type LinkRow = LinksTables['links'];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const label = (v: string | null | undefined, field: string, max = 100): string | null => {
  const t = v?.trim();
  if (!t) return null;
  if (t.length > max || [...t].some((ch) => ch.charCodeAt(0) < 32)) throw invalid('link.bad_field', `${field} must be at most ${max} characters, without control characters.`, field);
  return t;
};

/** Short links of a workspace: made by hand, through the API and the CLI, or from a post's or reply's text. */
export class LinksService {
  private readonly db: Kysely<LinksTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly baseUrl: () => string,
    /** The redirect's cache, dropped when a link changes. */
    private readonly cache: SharedCache<unknown>,
  ) {
    this.db = tables<LinksTables>(store);
  }

  present(row: LinkRow): LinkView {
    return {
      id: row.id,
      code: row.code,
      shortUrl: shortUrlOf(this.baseUrl(), row.code),
      targetUrl: row.target_url,
      finalUrl: row.final_url,
      campaign: row.campaign,
      channel: row.channel,
      postId: row.post_id,
      variant: row.variant,
      replyId: row.reply_id,
      conversationId: row.conversation_id,
      title: row.title,
      expiresAt: iso(row.expires_at),
      createdAt: iso(row.created_at)!,
    };
  }

  async create(scope: Scope, input: LinkInput): Promise<LinkView> {
    assertCan(scope, 'links.manage');
    const target = checkTarget(input.url, this.baseUrl());
    const ctx = {
      campaign: label(input.campaign, 'campaign'),
      channel: label(input.channel, 'channel', 40),
      postId: label(input.postId, 'postId'),
      variant: label(input.variant, 'variant', 100),
      replyId: label(input.replyId, 'replyId'),
      conversationId: label(input.conversationId, 'conversationId'),
    };
    const now = this.clock.now();
    let expiresAt: Date | null = null;
    if (input.expiresAt) {
      expiresAt = new Date(input.expiresAt);
      if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now) throw invalid('link.bad_expiry', 'The expiry must be a date in the future.', 'expiresAt');
    }
    const finalUrl = applyUtm(target, await this.utmFor(scope.workspaceId, ctx), ctx);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('links')
        .values({
          id: crypto.randomUUID(),
          workspace_id: scope.workspaceId,
          code: newCode(),
          target_url: target,
          final_url: finalUrl,
          campaign: ctx.campaign,
          channel: ctx.channel,
          post_id: ctx.postId,
          variant: ctx.variant,
          reply_id: ctx.replyId,
          conversation_id: ctx.conversationId,
          title: label(input.title, 'title', 200),
          expires_at: expiresAt,
          created_by: scope.actor.userId,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'link.created',
        targetType: 'link',
        targetId: row.id,
        after: { code: row.code, target: target, campaign: row.campaign, channel: row.channel },
        at: now,
      });
      return this.present(row);
    });
  }

  async list(scope: Scope, filter: { campaign?: string; channel?: string; limit?: number } = {}): Promise<LinkView[]> {
    assertCan(scope, 'links.read');
    let q = this.db.selectFrom('links').selectAll().where('workspace_id', '=', scope.workspaceId);
    if (filter.campaign) q = q.where('campaign', '=', filter.campaign);
    if (filter.channel) q = q.where('channel', '=', filter.channel);
    const rows = await q
      .orderBy('created_at', 'desc')
      .limit(Math.min(filter.limit ?? 200, 1000))
      .execute();
    return rows.map((r) => this.present(r));
  }

  async get(scope: Scope, id: string): Promise<LinkView> {
    assertCan(scope, 'links.read');
    return this.present(await this.row(scope, id));
  }

  private async row(scope: Scope, id: string, db: Kysely<LinksTables> = this.db): Promise<LinkRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await db.selectFrom('links').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('link.not_found', 'No such link.');
    return row;
  }

  /** Sets or clears the expiry; a past expiry ends the link at once (the redirect answers 410). */
  async setExpiry(scope: Scope, id: string, expiresAt: string | null): Promise<LinkView> {
    assertCan(scope, 'links.manage');
    const at = expiresAt === null ? null : new Date(expiresAt);
    if (at && Number.isNaN(at.getTime())) throw invalid('link.bad_expiry', 'The expiry must be a date.', 'expiresAt');
    const view = await this.db.transaction().execute(async (trx) => {
      const before = await this.row(scope, id, trx);
      const row = await trx.updateTable('links').set({ expires_at: at }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'link.expiry_set',
        targetType: 'link',
        targetId: row.id,
        before: { expiresAt: iso(before.expires_at) },
        after: { expiresAt: iso(at) },
        at: this.clock.now(),
      });
      return this.present(row);
    });
    await this.cache.changed(view.code);
    return view;
  }

  async templates(scope: Scope): Promise<UtmTemplateView[]> {
    assertCan(scope, 'links.read');
    const rows = await this.db.selectFrom('link_utm_templates').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('channel').orderBy('campaign').execute();
    return rows.map((r) => ({ channel: r.channel, campaign: r.campaign, params: r.params }));
  }

  /** Sets the UTM template of a channel and campaign ('' for every one); empty params remove it. */
  async setTemplate(scope: Scope, input: UtmTemplateView): Promise<UtmTemplateView[]> {
    assertCan(scope, 'links.manage');
    const channel = label(input.channel, 'channel', 40) ?? '';
    const campaign = label(input.campaign, 'campaign') ?? '';
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(input.params ?? {})) {
      if (!(UTM_KEYS as readonly string[]).includes(k)) throw invalid('link.bad_utm', `UTM parameters are ${UTM_KEYS.join(', ')}.`, 'params');
      if (typeof v !== 'string' || v.length > 200) throw invalid('link.bad_utm', 'A UTM value is text of at most 200 characters.', 'params');
      params[k] = v;
    }
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('link_utm_templates').where('workspace_id', '=', scope.workspaceId).where('channel', '=', channel).where('campaign', '=', campaign).execute();
      if (Object.keys(params).length)
        await trx
          .insertInto('link_utm_templates')
          .values({ workspace_id: scope.workspaceId, channel, campaign, params: jsonParam(params) as never, updated_at: now })
          .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'link.utm_template_set', targetType: 'workspace', targetId: scope.workspaceId, after: { channel, campaign, params }, at: now });
    });
    return this.templates(scope);
  }

  /** The template's parameters for a context: from the most general to the most specific, the later winning. */
  private async utmFor(workspaceId: string, ctx: UtmContext): Promise<Record<string, string>> {
    const rows = await this.db.selectFrom('link_utm_templates').selectAll().where('workspace_id', '=', workspaceId).execute();
    if (rows.length === 0) return DEFAULT_UTM;
    const rank = (r: { channel: string; campaign: string }) => (r.channel ? 1 : 0) + (r.campaign ? 2 : 0);
    const fits = rows.filter((r) => (!r.channel || r.channel === ctx.channel) && (!r.campaign || r.campaign === ctx.campaign)).sort((a, b) => rank(a) - rank(b));
    return Object.assign({}, ...fits.map((r) => r.params));
  }

  /** Whether links in the workspace's published posts and replies become tracked links (default on). */
  async tracking(workspaceId: string): Promise<boolean> {
    const row = await this.db.selectFrom('link_settings').select('track_links').where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row?.track_links ?? true;
  }

  /** A short URL as this program writes them (base + /l/ + a code's length): what a rewritten link weighs. */
  sample(): string {
    return shortUrlOf(this.baseUrl(), 'x'.repeat(CODE_LENGTH));
  }

  /** Would `rewrite` replace this address? (http(s), a valid target, not already one of our short links.) */
  private rewritable(url: string): boolean {
    try {
      checkTarget(url, this.baseUrl());
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The text as `rewrite` would make it, each rewritable address replaced by a stand-in of a short URL's
   * length; no link is made. Channels count the preview as they will count the rewritten text.
   */
  preview(text: string): string {
    const stand = this.sample();
    return replaceUrls(text, (f) => (this.rewritable(f.url) ? stand : undefined));
  }

  /**
   * Rewrites every http(s) link of a text into a tracked short link for the given post, variant or reply
   * (one link per context, reused when the same text is rewritten again). Short links of this program
   * are left as they are.
   */
  async rewrite(scope: Scope, text: string, ctx: RewriteContext): Promise<{ text: string; links: LinkView[]; rewritten: RewrittenLink[] }> {
    assertCan(scope, 'links.manage');
    const found = findUrls(text).filter((f) => this.rewritable(f.url));
    const byUrl = new Map<string, LinkView>();
    const { title, ...context } = ctx;
    for (const f of found) {
      if (byUrl.has(f.url)) continue;
      byUrl.set(f.url, (await this.existing(scope, f.url, context)) ?? (await this.create(scope, { url: f.url, ...context, ...(title ? { title: title.slice(0, 200) } : {}) })));
    }
    const out = replaceUrls(text, (f) => byUrl.get(f.url)?.shortUrl);
    return {
      text: out,
      links: [...new Map([...byUrl.values()].map((l) => [l.id, l])).values()],
      rewritten: [...byUrl.entries()].map(([written, l]) => ({ shortUrl: l.shortUrl, targetUrl: l.targetUrl, written })),
    };
  }

  private async existing(scope: Scope, url: string, ctx: RewriteContext): Promise<LinkView | undefined> {
    const norm = (v: string | null | undefined) => v?.trim() || null;
    const now = this.clock.now().getTime();
    const rows = await this.db.selectFrom('links').selectAll().where('workspace_id', '=', scope.workspaceId).where('target_url', '=', checkTarget(url, this.baseUrl())).execute();
    const row = rows.find(
      (r) =>
        r.channel === norm(ctx.channel) &&
        r.campaign === norm(ctx.campaign) &&
        r.post_id === norm(ctx.postId) &&
        r.variant === norm(ctx.variant) &&
        r.reply_id === norm(ctx.replyId) &&
        r.conversation_id === norm(ctx.conversationId) &&
        (!r.expires_at || new Date(r.expires_at).getTime() > now),
    );
    return row ? this.present(row) : undefined;
  }
}
