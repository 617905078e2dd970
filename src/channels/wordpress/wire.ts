/**
 * An in-memory WordPress REST API (/wp-json/wp/v2: users/me, posts, media, comments) answering as
 * WordPress does: application-password basic auth, `{ code, message, data: { status } }` errors, unique
 * slugs (-2 suffix), DELETE to the trash then 410, X-WP-Total headers. The demo simulator and the
 * test server both speak through it.
 */

export interface WireRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: unknown;
}

export interface WireResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface WpRow {
  id: number;
  slug: string;
  status: string;
  title: string;
  content: string;
  featured_media: number;
  date_gmt: string;
}

export interface WpState {
  siteUrl: string;
  user: { id: number; name: string; login: string };
  password: string;
  posts: Map<number, WpRow>;
  media: Map<number, { alt_text: string; mime: string; bytes: number }>;
  comments: Array<{ id: number; post: number; parent: number; author: number; author_name: string; content: string; date_gmt: string }>;
  next: number;
  /** Called when a post is created or updated (the simulator tells the demo). */
  onPost?(row: WpRow, link: string, created: boolean): void;
}

const err = (status: number, code: string, message: string): WireResponse => ({ status, body: { code, message, data: { status } } });
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function newWpState(siteUrl: string, password: string): WpState {
  return { siteUrl, user: { id: 3, name: '한빛은행 블로그', login: 'hanbit' }, password, posts: new Map(), media: new Map(), comments: [], next: 100 };
}

export function postLink(s: WpState, row: WpRow): string {
  return `${s.siteUrl}/${row.date_gmt.slice(0, 10).replace(/-/g, '/')}/${row.slug}/`;
}

function view(s: WpState, row: WpRow): Record<string, unknown> {
  return {
    id: row.id,
    date_gmt: row.date_gmt,
    slug: row.slug,
    status: row.status,
    type: 'post',
    link: postLink(s, row),
    title: { raw: row.title, rendered: esc(row.title) },
    content: { raw: row.content, rendered: row.content, protected: false },
    featured_media: row.featured_media,
    author: s.user.id,
  };
}

function authed(s: WpState, req: WireRequest): boolean {
  const h = req.headers.authorization;
  const m = /^Basic (.+)$/i.exec(typeof h === 'string' ? h : '');
  if (!m) return false;
  const [login, ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
  // WordPress accepts the application password with or without its display spaces.
  return login === s.user.login && rest.join(':').replace(/\s/g, '') === s.password.replace(/\s/g, '');
}

function uniqueSlug(s: WpState, slug: string, except?: number): string {
  const taken = (x: string): boolean => [...s.posts.values()].some((p) => p.slug === x && p.id !== except);
  if (!taken(slug)) return slug;
  let n = 2;
  while (taken(`${slug}-${n}`)) n++;
  return `${slug}-${n}`;
}

export function wpHandle(s: WpState, req: WireRequest, now: Date): WireResponse {
  const path = req.path.replace(/^\/wp-json\/wp\/v2/, '');
  if (path === req.path) return err(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  if (!authed(s, req)) return req.headers.authorization ? err(401, 'incorrect_password', 'The provided password is an invalid application password.') : err(401, 'rest_not_logged_in', 'You are not currently logged in.');
  const b = (req.json ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  if (req.method === 'GET' && path === '/users/me') return { status: 200, body: { id: s.user.id, name: s.user.name, slug: s.user.login } };
  if (req.method === 'GET' && path === '/posts') {
    const statuses = (req.query.get('status') ?? 'publish').split(',');
    const slug = req.query.get('slug');
    const rows = [...s.posts.values()].filter((p) => statuses.includes(p.status) && (!slug || p.slug === slug));
    return { status: 200, body: rows.map((r) => view(s, r)), headers: { 'x-wp-total': String(rows.length), 'x-wp-totalpages': '1' } };
  }
  if (req.method === 'POST' && path === '/posts') {
    const status = str(b.status) ?? 'draft';
    if (!['publish', 'draft', 'pending', 'private', 'future'].includes(status)) return err(400, 'rest_invalid_param', 'Invalid parameter(s): status');
    const featured = typeof b.featured_media === 'number' ? b.featured_media : 0;
    if (featured && !s.media.has(featured)) return err(400, 'rest_invalid_featured_media', 'Invalid featured media ID.');
    const id = s.next++;
    const title = str(b.title) ?? '';
    const row: WpRow = { id, slug: uniqueSlug(s, (str(b.slug) ?? (title || String(id))).toLowerCase()), status, title, content: str(b.content) ?? '', featured_media: featured, date_gmt: now.toISOString().slice(0, 19) };
    s.posts.set(id, row);
    s.onPost?.(row, postLink(s, row), true);
    return { status: 201, body: view(s, row) };
  }
  const one = /^\/posts\/(\d+)$/.exec(path);
  if (one) {
    const row = s.posts.get(Number(one[1]));
    if (!row) return err(404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (req.method === 'GET') return { status: 200, body: view(s, row) };
    if (req.method === 'DELETE') {
      if (row.status === 'trash') return err(410, 'rest_already_trashed', 'The post has already been deleted.');
      row.status = 'trash';
      return { status: 200, body: view(s, row) };
    }
    if (req.method === 'POST') {
      if (str(b.title) !== undefined) row.title = str(b.title)!;
      if (str(b.content) !== undefined) row.content = str(b.content)!;
      if (typeof b.featured_media === 'number') row.featured_media = b.featured_media;
      s.onPost?.(row, postLink(s, row), false);
      return { status: 200, body: view(s, row) };
    }
  }
  if (req.method === 'POST' && path === '/media') {
    const cd = req.headers['content-disposition'];
    if (typeof cd !== 'string' || !/filename=/.test(cd)) return err(400, 'rest_upload_no_content_disposition', 'No Content-Disposition supplied.');
    const mime = String(req.headers['content-type'] ?? '');
    if (!mime.startsWith('image/') || req.body.length === 0) return err(400, 'rest_upload_sideload_error', 'Sorry, you are not allowed to upload this file type.');
    const id = s.next++;
    s.media.set(id, { alt_text: '', mime, bytes: req.body.length });
    return { status: 201, body: { id, alt_text: '', mime_type: mime, source_url: `${s.siteUrl}/wp-content/uploads/${id}.png` } };
  }
  const media = /^\/media\/(\d+)$/.exec(path);
  if (media && req.method === 'POST') {
    const m = s.media.get(Number(media[1]));
    if (!m) return err(404, 'rest_post_invalid_id', 'Invalid post ID.');
    m.alt_text = str(b.alt_text) ?? m.alt_text;
    return { status: 200, body: { id: Number(media[1]), alt_text: m.alt_text } };
  }
  if (req.method === 'GET' && path === '/comments') {
    const post = req.query.get('post');
    const order = req.query.get('order') === 'asc' ? 1 : -1;
    const all = s.comments.filter((c) => !post || String(c.post) === post).sort((a, b) => (a.id - b.id) * order);
    const per = Math.min(100, Number(req.query.get('per_page') ?? 10));
    const page = Number(req.query.get('page') ?? 1);
    const rows = all.slice((page - 1) * per, page * per).map((c) => ({ ...c, content: { rendered: `<p>${esc(c.content)}</p>\n` }, link: `${s.siteUrl}/?p=${c.post}#comment-${c.id}` }));
    return { status: 200, body: rows, headers: { 'x-wp-total': String(all.length), 'x-wp-totalpages': String(Math.max(1, Math.ceil(all.length / per))) } };
  }
  if (req.method === 'POST' && path === '/comments') {
    const post = typeof b.post === 'number' ? s.posts.get(b.post) : undefined;
    if (!post) return err(403, 'rest_comment_invalid_post_id', 'Sorry, you are not allowed to create this comment without a post.');
    if (!str(b.content)?.trim()) return err(400, 'rest_comment_content_invalid', 'Invalid comment content.');
    const c = { id: s.next++, post: post.id, parent: typeof b.parent === 'number' ? b.parent : 0, author: s.user.id, author_name: s.user.name, content: str(b.content)!, date_gmt: now.toISOString().slice(0, 19) };
    s.comments.push(c);
    return { status: 201, body: { ...c, content: { rendered: `<p>${esc(c.content)}</p>` }, link: `${s.siteUrl}/?p=${c.post}#comment-${c.id}` } };
  }
  return err(404, 'rest_no_route', 'No route was found matching the URL and request method.');
}
