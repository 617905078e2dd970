/**
 * Canonical post URLs, the dedupe key of blog posts: tracking parameters (Naver's fromRss/trackingCode,
 * utm_*, click ids) and fragments removed, Naver mobile and PostView forms folded into
 * https://blog.naver.com/{blogId}/{logNo}, Tistory's /m/ mobile path dropped.
 */
const TRACKING = new Set(['fromrss', 'trackingcode', 'fbclid', 'gclid', 'dclid', 'yclid', 'msclkid', 'igshid', 'mc_cid', 'mc_eid', 'napm', '_ga', '_gl']);

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING.has(n);
}

export function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw.trim();
  }
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) if (isTrackingParam(name)) url.searchParams.delete(name);
  const host = url.hostname.toLowerCase();
  if (host === 'blog.naver.com' || host === 'm.blog.naver.com') {
    const blogId = url.searchParams.get('blogId');
    const logNo = url.searchParams.get('logNo');
    if (/^\/PostView\.(naver|nhn)$/i.test(url.pathname) && blogId && logNo) return `https://blog.naver.com/${blogId}/${logNo}`;
    const m = /^\/([A-Za-z0-9_-]+)\/(\d+)\/?$/.exec(url.pathname);
    if (m) return `https://blog.naver.com/${m[1]}/${m[2]}`;
    const home = /^\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
    if (home && !url.search) return `https://blog.naver.com/${home[1]}`;
  }
  if (host.endsWith('.tistory.com')) {
    url.protocol = 'https:';
    url.pathname = url.pathname.replace(/^\/m\//, '/');
  }
  const text = url.toString();
  return url.search === '' ? text.replace(/\?$/, '') : text;
}

/** The Naver blog id of a blog.naver.com URL, if it is one. */
export function naverBlogId(url: string): string | undefined {
  const m = /^https:\/\/blog\.naver\.com\/([A-Za-z0-9_-]+)/.exec(canonicalUrl(url));
  return m?.[1];
}
