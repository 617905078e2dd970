import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PostsService, type Microblog, type PostView, type Viewer } from '../microblog/index.js';
import { arr, baseOf, linkHeader, page, str, truthy, viewerOf } from './kit.js';
import type { OAuthService } from './oauth.service.js';
import { account, isMastodonNotification, notification, poll, status, tag } from './render.js';

const tags = ['mastodon'];
type Q = Record<string, unknown>;

/** The Mastodon client API over the microblog: statuses, timelines, accounts, search, notifications, polls. */
export function mastodonApiRoutes(app: FastifyInstance, oauth: OAuthService, mb: Microblog): void {
  const v = (req: FastifyRequest, need: 'read' | 'write' | 'follow' = 'read') => viewerOf(oauth, req, need);
  const p = (req: FastifyRequest) => req.params as Record<string, string>;
  const q = (req: FastifyRequest) => (req.query ?? {}) as Q;
  const b = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body : {}) as Q;
  const statuses = (req: FastifyRequest, reply: FastifyReply, posts: PostView[]) => {
    linkHeader(req, reply, posts);
    return posts.map((s) => status(baseOf(req), s));
  };
  const me = async (viewer: Viewer) => mb.people.get(viewer, viewer.person.id);

  app.get('/api/v1/accounts/verify_credentials', { schema: { tags, summary: 'Mastodon: the logged-in account' } }, async (req) => {
    const viewer = await v(req);
    const a = account(baseOf(req), await me(viewer));
    return { ...a, source: { privacy: 'public', sensitive: false, language: 'ko', note: '', fields: [], follow_requests_count: 0 } };
  });
  app.patch('/api/v1/accounts/update_credentials', { schema: { tags, summary: 'Mastodon: update the display name' } }, async (req) => {
    const viewer = await v(req, 'write');
    const name = str(b(req).display_name, 100);
    return account(baseOf(req), await mb.people.updateProfile(viewer, name ? { displayName: name } : {}));
  });
  app.get('/api/v1/accounts/lookup', { schema: { tags, summary: 'Mastodon: account by acct' } }, async (req) => account(baseOf(req), await mb.people.lookup(await v(req), str(q(req).acct, 200) ?? '')));
  app.get('/api/v1/accounts/relationships', { schema: { tags, summary: 'Mastodon: relationships' } }, async (req) => {
    const rels = await mb.social.relationships(await v(req), arr(q(req)['id[]'] ?? q(req).id));
    return rels.map((r) => ({
      id: r.id,
      following: r.following,
      followed_by: r.followedBy,
      showing_reblogs: true,
      notifying: false,
      languages: null,
      blocking: false,
      blocked_by: false,
      muting: false,
      muting_notifications: false,
      requested: false,
      requested_by: false,
      domain_blocking: false,
      endorsed: false,
      note: '',
    }));
  });
  app.get('/api/v1/accounts/search', { schema: { tags, summary: 'Mastodon: search accounts' } }, async (req) =>
    (await mb.people.search(await v(req), str(q(req).q, 200) ?? '', Number(q(req).limit) || 20)).map((a) => account(baseOf(req), a)),
  );
  app.get('/api/v1/accounts/:id', { schema: { tags, summary: 'Mastodon: an account' } }, async (req) => account(baseOf(req), await mb.people.get(await v(req), p(req).id!)));
  app.get('/api/v1/accounts/:id/statuses', { schema: { tags, summary: 'Mastodon: an account’s statuses' } }, async (req, reply) => {
    const query = q(req);
    return statuses(req, reply, await mb.timelines.person(await v(req), p(req).id!, { ...page(query), excludeReplies: truthy(query.exclude_replies), excludeReblogs: truthy(query.exclude_reblogs), pinned: truthy(query.pinned) }));
  });
  for (const of of ['followers', 'following'] as const) {
    app.get(`/api/v1/accounts/:id/${of}`, { schema: { tags, summary: `Mastodon: ${of}` } }, async (req) => (await mb.social.followers(await v(req), p(req).id!, of, page(q(req)))).map((a) => account(baseOf(req), a)));
  }
  for (const [path, on] of [
    ['follow', true],
    ['unfollow', false],
  ] as const) {
    app.post(`/api/v1/accounts/:id/${path}`, { schema: { tags, summary: `Mastodon: ${path}` } }, async (req) => {
      const r = await mb.social.follow(await v(req, 'follow'), p(req).id!, on);
      return {
        id: r.id,
        following: r.following,
        followed_by: r.followedBy,
        showing_reblogs: true,
        notifying: false,
        blocking: false,
        blocked_by: false,
        muting: false,
        muting_notifications: false,
        requested: false,
        domain_blocking: false,
        endorsed: false,
        note: '',
      };
    });
  }

  app.post('/api/v1/statuses', { schema: { tags, summary: 'Mastodon: post a status (Idempotency-Key; a flagged one is held: 422)' } }, async (req) => {
    const viewer = await v(req, 'write');
    const body = b(req);
    const pollIn = body.poll && typeof body.poll === 'object' ? (body.poll as Q) : null;
    const key = req.headers['idempotency-key'];
    const r = await mb.posts.create(viewer, {
      text: str(body.status, 30_000) ?? '',
      spoiler: str(body.spoiler_text, 500) ?? '',
      visibility: str(body.visibility, 20) || 'public',
      replyToId: str(body.in_reply_to_id, 30) ?? null,
      poll: pollIn ? { options: arr(pollIn.options).slice(0, 11), expiresInSeconds: Number(pollIn.expires_in) || 86_400, multiple: truthy(pollIn.multiple) } : null,
      idempotencyKey: typeof key === 'string' ? key : null,
      mediaIds: arr(body['media_ids[]'] ?? body.media_ids).slice(0, 10),
      // Sotong's extension: post into a group (a reply goes into its thread's group anyway).
      groupId: str(body.group_id, 30) ?? null,
    });
    if (r.held) throw PostsService.heldError(r.post.holdReasons, r.post.id);
    return status(baseOf(req), r.post);
  });
  app.get('/api/v1/statuses/:id', { schema: { tags, summary: 'Mastodon: a status' } }, async (req) => status(baseOf(req), await mb.posts.get(await v(req), p(req).id!)));
  app.put('/api/v1/statuses/:id', { schema: { tags, summary: 'Mastodon: edit a status (screened again)' } }, async (req) => {
    const body = b(req);
    const r = await mb.posts.edit(await v(req, 'write'), p(req).id!, { text: str(body.status, 30_000) ?? '', ...(typeof body.spoiler_text === 'string' ? { spoiler: body.spoiler_text } : {}) });
    if (r.held) throw PostsService.heldError(r.post.holdReasons, r.post.id);
    return status(baseOf(req), r.post);
  });
  app.delete('/api/v1/statuses/:id', { schema: { tags, summary: 'Mastodon: delete a status' } }, async (req) => {
    const gone = await mb.posts.remove(await v(req, 'write'), p(req).id!);
    return { ...status(baseOf(req), gone), text: gone.text };
  });
  app.get('/api/v1/statuses/:id/context', { schema: { tags, summary: 'Mastodon: a status’s thread' } }, async (req) => {
    const c = await mb.posts.context(await v(req), p(req).id!);
    return { ancestors: c.ancestors.map((s) => status(baseOf(req), s)), descendants: c.descendants.map((s) => status(baseOf(req), s)) };
  });
  app.get('/api/v1/statuses/:id/history', { schema: { tags, summary: 'Mastodon: a status’s edits' } }, async (req) => {
    const viewer = await v(req);
    const post = await mb.posts.get(viewer, p(req).id!);
    const a = account(baseOf(req), post.author);
    return (await mb.posts.history(viewer, p(req).id!)).map((h) => ({ content: `<p>${h.text}</p>`, spoiler_text: h.spoiler, sensitive: !!h.spoiler, created_at: h.createdAt, account: a, poll: null, media_attachments: [], emojis: [] }));
  });
  app.get('/api/v1/statuses/:id/source', { schema: { tags, summary: 'Mastodon: a status’s source' } }, async (req) => {
    const post = await mb.posts.get(await v(req), p(req).id!);
    return { id: post.id, text: post.text, spoiler_text: post.spoiler };
  });
  for (const [path, act] of [
    ['favourite', (x: Viewer, id: string) => mb.posts.favourite(x, id, true)],
    ['unfavourite', (x: Viewer, id: string) => mb.posts.favourite(x, id, false)],
    ['reblog', (x: Viewer, id: string) => mb.posts.reblog(x, id, true)],
    ['unreblog', (x: Viewer, id: string) => mb.posts.reblog(x, id, false)],
    ['bookmark', (x: Viewer, id: string) => mb.posts.bookmark(x, id, true)],
    ['unbookmark', (x: Viewer, id: string) => mb.posts.bookmark(x, id, false)],
  ] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { schema: { tags, summary: `Mastodon: ${path}` } }, async (req) => status(baseOf(req), await act(await v(req, 'write'), p(req).id!)));
  }

  app.get('/api/v1/timelines/home', { schema: { tags, summary: 'Mastodon: home timeline (Link paging)' } }, async (req, reply) => statuses(req, reply, await mb.timelines.home(await v(req), page(q(req)))));
  app.get('/api/v1/timelines/public', { schema: { tags, summary: 'Mastodon: public timeline (local: the workspace)' } }, async (req, reply) => statuses(req, reply, await mb.timelines.local(await v(req), page(q(req)))));
  app.get('/api/v1/timelines/tag/:tag', { schema: { tags, summary: 'Mastodon: hashtag timeline' } }, async (req, reply) => statuses(req, reply, await mb.timelines.tag(await v(req), p(req).tag!, page(q(req)))));
  app.get('/api/v1/favourites', { schema: { tags, summary: 'Mastodon: my favourites' } }, async (req, reply) => statuses(req, reply, await mb.timelines.favourites(await v(req), page(q(req)))));
  app.get('/api/v1/bookmarks', { schema: { tags, summary: 'Mastodon: my bookmarks' } }, async (req, reply) => statuses(req, reply, await mb.timelines.bookmarks(await v(req), page(q(req)))));

  app.get('/api/v2/search', { schema: { tags, summary: 'Mastodon: search accounts, statuses and hashtags (Korean-aware)' } }, async (req) => {
    const viewer = await v(req);
    const query = q(req);
    const text = str(query.q, 200) ?? '';
    const type = str(query.type, 20);
    const limit = Math.min(40, Number(query.limit) || 20);
    const want = (t: string) => !type || type === t;
    return {
      accounts: want('accounts') ? (await mb.people.search(viewer, text, limit)).map((a) => account(baseOf(req), a)) : [],
      statuses: want('statuses') ? (await mb.timelines.searchPosts(viewer, text, { limit })).map((s) => status(baseOf(req), s)) : [],
      hashtags: want('hashtags') ? (await mb.timelines.searchTags(viewer, text, limit)).map((t) => tag(baseOf(req), t)) : [],
    };
  });

  app.get('/api/v1/notifications', { schema: { tags, summary: 'Mastodon: notifications' } }, async (req, reply) => {
    const query = q(req);
    const list = (await mb.social.notifications(await v(req), { ...page(query), types: arr(query['types[]'] ?? query.types), excludeTypes: arr(query['exclude_types[]'] ?? query.exclude_types) })).filter(isMastodonNotification);
    linkHeader(req, reply, list);
    return list.map((n) => notification(baseOf(req), n));
  });
  app.get('/api/v1/notifications/:id', { schema: { tags, summary: 'Mastodon: a notification' } }, async (req) => notification(baseOf(req), await mb.social.notification(await v(req), p(req).id!)));
  app.post('/api/v1/notifications/clear', { schema: { tags, summary: 'Mastodon: clear notifications' } }, async (req) => (await mb.social.dismiss(await v(req, 'write')), {}));
  app.post('/api/v1/notifications/:id/dismiss', { schema: { tags, summary: 'Mastodon: dismiss a notification' } }, async (req) => (await mb.social.dismiss(await v(req, 'write'), p(req).id!), {}));

  app.get('/api/v1/polls/:id', { schema: { tags, summary: 'Mastodon: a poll' } }, async (req) => poll(await mb.social.poll(await v(req), p(req).id!)));
  app.post('/api/v1/polls/:id/votes', { schema: { tags, summary: 'Mastodon: vote' } }, async (req) => poll(await mb.social.vote(await v(req, 'write'), p(req).id!, arr(b(req).choices).map(Number))));

  app.get('/api/v1/tags/:tag', { schema: { tags, summary: 'Mastodon: a hashtag' } }, async (req) => tag(baseOf(req), await mb.timelines.tagInfo(await v(req), p(req).tag!)));
  app.post('/api/v1/tags/:tag/follow', { schema: { tags, summary: 'Mastodon: follow a hashtag' } }, async (req) => tag(baseOf(req), await mb.social.followTag(await v(req, 'follow'), p(req).tag!, true)));
  app.post('/api/v1/tags/:tag/unfollow', { schema: { tags, summary: 'Mastodon: unfollow a hashtag' } }, async (req) => tag(baseOf(req), await mb.social.followTag(await v(req, 'follow'), p(req).tag!, false)));
  app.get('/api/v1/followed_tags', { schema: { tags, summary: 'Mastodon: followed hashtags' } }, async (req) => (await mb.social.followedTags(await v(req))).map((t) => tag(baseOf(req), t)));

  // What clients ask for on start that this network does not have: empty answers, not errors.
  for (const path of [
    '/api/v1/custom_emojis',
    '/api/v1/filters',
    '/api/v2/filters',
    '/api/v1/lists',
    '/api/v1/announcements',
    '/api/v1/markers',
    '/api/v1/follow_requests',
    '/api/v1/blocks',
    '/api/v1/mutes',
    '/api/v1/conversations',
    '/api/v1/trends/tags',
    '/api/v1/trends/statuses',
    '/api/v1/preferences',
  ]) {
    app.get(path, { schema: { tags, summary: 'Mastodon: not used on this network (empty)' } }, async (req) => {
      await v(req);
      return path.endsWith('preferences')
        ? { 'posting:default:visibility': 'public', 'posting:default:sensitive': false, 'posting:default:language': 'ko', 'reading:expand:media': 'default', 'reading:expand:spoilers': false }
        : path.endsWith('markers')
          ? {}
          : [];
    });
  }
}
