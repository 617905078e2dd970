/**
 * The public blog's pages and feeds: an index and a post page (OpenGraph and Twitter card meta, links to
 * the bank's channel accounts, the feeds announced), RSS 2.0 and Atom 1.0. Every value from the database
 * is escaped here; a post's body is the HTML sanitised when it was saved.
 */
import type { BlogPostView, BlogSettingsView } from './blog.service.js';
import { escapeHtml as e } from './sanitize.js';

const STYLE =
  'body{font-family:-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;max-width:44rem;margin:0 auto;padding:1.5rem;line-height:1.75;color:#1f2328;word-break:keep-all}' +
  'header a{color:inherit;text-decoration:none}img{max-width:100%;height:auto}article+article{border-top:1px solid #ddd;margin-top:1.5rem}time{color:#57606a;font-size:.9rem}nav.links a{margin-right:1rem}footer{margin-top:3rem;font-size:.9rem;color:#57606a}';

function page(settings: BlogSettingsView, title: string, meta: string[], body: string): string {
  const links = settings.links.length ? `<nav class="links" aria-label="채널">${settings.links.map((l) => `<a href="${e(l.url)}" rel="me noopener">${e(l.label)}</a>`).join('')}</nav>` : '';
  return [
    '<!doctype html>',
    '<html lang="ko">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    ...meta,
    `<link rel="alternate" type="application/rss+xml" title="${e(settings.title)} RSS" href="${e(settings.url)}rss.xml">`,
    `<link rel="alternate" type="application/atom+xml" title="${e(settings.title)} Atom" href="${e(settings.url)}atom.xml">`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1><a href="${e(settings.url)}">${e(settings.title)}</a></h1>${settings.description ? `<p>${e(settings.description)}</p>` : ''}${links}</header>`,
    `<main>${body}</main>`,
    `<footer><a href="${e(settings.url)}rss.xml">RSS</a> · <a href="${e(settings.url)}atom.xml">Atom</a></footer>`,
    '</body>',
    '</html>',
  ].join('\n');
}

const date = (iso: string): string => `<time datetime="${e(iso)}">${e(new Date(iso).toLocaleDateString('ko-KR', { timeZone: 'Asia/Seoul', year: 'numeric', month: 'long', day: 'numeric' }))}</time>`;

export function renderIndex(settings: BlogSettingsView, posts: BlogPostView[]): string {
  const meta = [
    `<meta name="description" content="${e(settings.description || settings.title)}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:title" content="${e(settings.title)}">`,
    `<meta property="og:url" content="${e(settings.url)}">`,
    `<meta property="og:locale" content="ko_KR">`,
    `<meta name="twitter:card" content="summary">`,
    `<link rel="canonical" href="${e(settings.url)}">`,
  ];
  const body = posts.length ? posts.map((p) => `<article><h2><a href="${e(p.url)}">${e(p.title)}</a></h2>${date(p.publishedAt)}<p>${e(p.summary)}</p></article>`).join('\n') : '<p>아직 게시된 글이 없습니다. (No posts yet.)</p>';
  return page(settings, settings.title, meta, body);
}

export function renderPost(settings: BlogSettingsView, post: BlogPostView): string {
  const meta = [
    `<meta name="description" content="${e(post.summary)}">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="${e(settings.title)}">`,
    `<meta property="og:title" content="${e(post.title)}">`,
    `<meta property="og:description" content="${e(post.summary)}">`,
    `<meta property="og:url" content="${e(post.url)}">`,
    `<meta property="og:locale" content="ko_KR">`,
    `<meta property="article:published_time" content="${e(post.publishedAt)}">`,
    `<meta property="article:modified_time" content="${e(post.updatedAt)}">`,
    ...(post.coverUrl && /^https:/.test(post.coverUrl) ? [`<meta property="og:image" content="${e(post.coverUrl)}">`, `<meta property="og:image:alt" content="${e(post.coverAlt ?? '')}">`] : []),
    `<meta name="twitter:card" content="${post.coverUrl ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${e(post.title)}">`,
    `<meta name="twitter:description" content="${e(post.summary)}">`,
    ...(post.coverUrl && /^https:/.test(post.coverUrl) ? [`<meta name="twitter:image" content="${e(post.coverUrl)}">`, `<meta name="twitter:image:alt" content="${e(post.coverAlt ?? '')}">`] : []),
    `<link rel="canonical" href="${e(post.url)}">`,
  ];
  const cover = post.coverUrl ? `<figure><img src="${e(post.coverUrl)}" alt="${e(post.coverAlt ?? '')}"></figure>` : '';
  const edited = post.updatedAt !== post.publishedAt ? ` · 수정 ${date(post.updatedAt)}` : '';
  return page(settings, `${post.title} | ${settings.title}`, meta, `<article><h2>${e(post.title)}</h2>${date(post.publishedAt)}${edited}${cover}${post.html}</article>`);
}

/** XML text: escaped, and without the control characters XML 1.0 forbids. */
const xmlSafe = (s: string): string =>
  [...s]
    .filter((c) => {
      const n = c.codePointAt(0)!;
      return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n !== 0xfffe && n !== 0xffff);
    })
    .join('');
const x = (s: string): string => e(xmlSafe(s));

export function renderRss(settings: BlogSettingsView, posts: BlogPostView[]): string {
  const items = posts.map(
    (p) =>
      `<item><title>${x(p.title)}</title><link>${x(p.url)}</link><guid isPermaLink="false">${x(p.id)}</guid><pubDate>${new Date(p.publishedAt).toUTCString()}</pubDate><description>${x(p.summary)}</description><content:encoded>${x(p.html)}</content:encoded></item>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    `<channel><title>${x(settings.title)}</title><link>${x(settings.url)}</link><description>${x(settings.description || settings.title)}</description><language>ko</language><generator>Sotong</generator>`,
    `<atom:link href="${x(settings.url)}rss.xml" rel="self" type="application/rss+xml"/>`,
    ...(posts[0] ? [`<lastBuildDate>${new Date(posts[0].updatedAt).toUTCString()}</lastBuildDate>`] : []),
    ...items,
    '</channel></rss>',
  ].join('\n');
}

export function renderAtom(settings: BlogSettingsView, posts: BlogPostView[], now: Date): string {
  const updated = posts.reduce((m, p) => (p.updatedAt > m ? p.updatedAt : m), posts[0]?.updatedAt ?? now.toISOString());
  const entries = posts.map(
    (p) =>
      `<entry><title>${x(p.title)}</title><id>urn:uuid:${x(p.id)}</id><link rel="alternate" type="text/html" href="${x(p.url)}"/><published>${x(p.publishedAt)}</published><updated>${x(p.updatedAt)}</updated><summary>${x(p.summary)}</summary><content type="html">${x(p.html)}</content></entry>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko">',
    `<title>${x(settings.title)}</title>`,
    ...(settings.description ? [`<subtitle>${x(settings.description)}</subtitle>`] : []),
    `<id>${x(settings.url)}</id>`,
    `<link rel="alternate" type="text/html" href="${x(settings.url)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${x(settings.url)}atom.xml"/>`,
    `<updated>${x(updated)}</updated>`,
    `<author><name>${x(settings.title)}</name></author>`,
    '<generator>Sotong</generator>',
    ...entries,
    '</feed>',
  ].join('\n');
}
