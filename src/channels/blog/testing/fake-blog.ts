/**
 * A local blog host and Naver search API for tests: feeds served with ETag and Last-Modified (304 on a
 * matching If-None-Match / If-Modified-Since) and GET /v1/search/blog.json with the client-id headers,
 * newest first, start/display paging.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { router, sendJson, startLocalServer, type LocalServer } from '../../testing/local-server.js';
import type { NaverBlogItem } from '../search.js';

const fixtures = new URL('../fixtures/', import.meta.url);
export const fixtureBytes = (name: string): Buffer => readFileSync(new URL(name, fixtures));
export const CLIENT_ID = 'naver-client-id';
export const CLIENT_SECRET = 'naver-client-secret';

export interface FakeBlog {
  server: LocalServer;
  url: string;
  /** Feed bodies by path ('/naver.xml'); change one to publish. */
  feeds: Record<string, { body: Buffer; lastModified: string; contentType: string }>;
  searchItems: NaverBlogItem[];
  publish(path: string, body: Buffer | string, lastModified: string): void;
  close(): Promise<void>;
}

export async function startFakeBlog(): Promise<FakeBlog> {
  const feed = (name: string, lastModified: string, contentType = 'application/rss+xml; charset=utf-8') => ({ body: fixtureBytes(name), lastModified, contentType });
  const state = {
    feeds: {
      '/naver.xml': feed('naver-rss.xml', 'Mon, 05 Jan 2026 09:30:12 GMT', 'text/xml;charset=UTF-8'),
      '/tistory/rss': feed('tistory-rss.xml', 'Mon, 05 Jan 2026 01:12:44 GMT'),
      '/atom.xml': feed('atom.xml', 'Mon, 05 Jan 2026 09:00:00 GMT', 'application/atom+xml'),
      '/euckr.xml': feed('euckr-rss.xml', 'Sun, 04 Jan 2026 00:00:00 GMT', 'text/xml'),
    } as FakeBlog['feeds'],
    searchItems: (JSON.parse(fixtureBytes('naver-search.json').toString('utf8')) as { items: NaverBlogItem[] }).items,
  };
  const server = await startLocalServer({
    handler: async (req, res) => {
      const f = state.feeds[req.path];
      if (req.method === 'GET' && f) {
        const etag = `"${createHash('md5').update(f.body).digest('hex')}"`;
        const fresh = req.headers['if-none-match'] ? req.headers['if-none-match'] === etag : req.headers['if-modified-since'] === f.lastModified;
        if (fresh) {
          res.writeHead(304, { etag, 'last-modified': f.lastModified });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': f.contentType, etag, 'last-modified': f.lastModified });
        res.end(f.body);
        return;
      }
      return router({
        'GET /v1/search/blog.json': (r, w) => {
          if (r.headers['x-naver-client-id'] !== CLIENT_ID || r.headers['x-naver-client-secret'] !== CLIENT_SECRET) return sendJson(w, 401, { errorMessage: 'Authentication failed. (인증에 실패했습니다.)', errorCode: '024' });
          const display = Number(r.query.display ?? 10);
          const start = Number(r.query.start ?? 1);
          if (!r.query.query || display > 100 || start > 1000 || r.query.sort !== 'date') return sendJson(w, 400, { errorMessage: 'Incorrect query request (잘못된 쿼리요청입니다.)', errorCode: 'SE01' });
          const all = [...state.searchItems].sort((a, b) => b.postdate.localeCompare(a.postdate));
          const items = all.slice(start - 1, start - 1 + display);
          sendJson(w, 200, { lastBuildDate: 'Mon, 05 Jan 2026 20:00:00 +0900', total: all.length, start, display: items.length, items });
        },
      })(req, res, {});
    },
  });
  return Object.assign(state, {
    server,
    url: server.url,
    publish(path: string, body: Buffer | string, lastModified: string) {
      state.feeds[path] = { body: Buffer.isBuffer(body) ? body : Buffer.from(body), lastModified, contentType: 'application/rss+xml; charset=utf-8' };
    },
    close: () => server.close(),
  });
}
