/** Naver blog search API (GET /v1/search/blog.json, sort=date) → canonical posts. */
import { ChannelError, type CanonicalItem } from '../port.js';
import { htmlToText } from './feed.js';
import { canonicalUrl, naverBlogId } from './urls.js';

export interface NaverBlogItem {
  title: string;
  link: string;
  description: string;
  bloggername: string;
  bloggerlink: string;
  postdate: string;
}

export interface NaverSearchResponse {
  lastBuildDate?: string;
  total?: number;
  start?: number;
  display?: number;
  items?: NaverBlogItem[];
}

/** Removes the <b> highlighting (and any other markup) and decodes entities. */
export function stripMarkup(s: string): string {
  return htmlToText(s.replace(/<\/?b>/gi, ''));
}

/** YYYYMMDD as the start of that day in Korea. */
export function postDate(yyyymmdd: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd.trim());
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00+09:00`) : undefined;
}

/** The Korean calendar day (YYYYMMDD) of an instant. */
export function kstDay(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

export function searchItem(item: NaverBlogItem, fetchedAt: Date): CanonicalItem {
  const url = canonicalUrl(item.link);
  const home = item.bloggerlink ? canonicalUrl(/^https?:\/\//.test(item.bloggerlink) ? item.bloggerlink : `https://${item.bloggerlink}`) : url;
  const blogId = naverBlogId(home);
  return {
    nativeId: url,
    kind: 'post',
    author: { nativeId: home, handle: blogId, displayName: item.bloggername ? stripMarkup(item.bloggername) : undefined, profileUrl: home },
    threadNativeId: url,
    title: stripMarkup(item.title),
    text: stripMarkup(item.description),
    links: [url],
    media: [],
    createdAt: postDate(item.postdate) ?? fetchedAt,
    url,
    isPrivate: false,
    direction: 'inbound',
    interactions: [],
    raw: item,
  };
}

export function searchError(status: number, body: string): ChannelError {
  let code = '';
  let message = body.slice(0, 200);
  try {
    const j = JSON.parse(body) as { errorCode?: string; errorMessage?: string };
    code = j.errorCode ?? '';
    message = j.errorMessage ?? message;
  } catch {
    /* keep text */
  }
  const text = `Naver search ${status} ${code}: ${message}`.trim();
  if (status === 429 || code === '012') return new ChannelError('rate_limited', text, true, 60_000);
  if (status === 401 || status === 403 || code === '024') return new ChannelError('auth_failed', text, false);
  if (status >= 400 && status < 500) return new ChannelError('invalid_request', text, false);
  return new ChannelError('unavailable', text, true);
}
