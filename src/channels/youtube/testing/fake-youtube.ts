/**
 * A local YouTube Data API v3 for tests: commentThreads.list (newest first, pageToken paging, part given
 * comma-separated or repeated), comments.insert, channels.list, the OAuth token endpoint, and Google's
 * error bodies (401, quotaExceeded).
 */
import { readFileSync } from 'node:fs';
import { router, sendJson, startLocalServer, type LocalServer, type RecordedRequest } from '../../testing/local-server.js';
import type { YtComment, YtThread, YtThreadList } from '../mapping.js';

const fixtures = new URL('../fixtures/', import.meta.url);
export const loadFixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;

export interface FakeYouTube {
  server: LocalServer;
  url: string;
  threads: YtThread[];
  /** Bodies of accepted comments.insert calls. */
  inserts: Array<{ snippet: { parentId: string; textOriginal: string } }>;
  /** Valid bearer tokens; the refresh grant adds 'refreshed-token'. */
  tokens: Set<string>;
  quotaExceeded: boolean;
  listCalls(): RecordedRequest[];
  close(): Promise<void>;
}

function googleError(code: number, reason: string, message: string): unknown {
  return { error: { code, message, errors: [{ message, domain: 'youtube.api', reason }] } };
}

export async function startFakeYouTube(options: { threads?: YtThread[]; token?: string } = {}): Promise<FakeYouTube> {
  const fake = {
    threads: options.threads ?? loadFixture<YtThreadList>('commentThreads.json').items ?? [],
    inserts: [] as FakeYouTube['inserts'],
    tokens: new Set([options.token ?? 'test-access-token']),
    quotaExceeded: false,
  };
  let seq = 0;
  const authorized = (req: RecordedRequest): boolean => {
    const auth = req.headers.authorization ?? '';
    return (auth.startsWith('Bearer ') && fake.tokens.has(auth.slice(7))) || (req.method === 'GET' && req.query.key === 'test-api-key');
  };
  const guard = (req: RecordedRequest, res: Parameters<Parameters<typeof router>[0][string]>[1]): boolean => {
    if (!authorized(req)) {
      sendJson(res, 401, googleError(401, 'authError', 'Request had invalid authentication credentials.'));
      return false;
    }
    if (fake.quotaExceeded) {
      sendJson(res, 403, loadFixture('quota-exceeded.json'));
      return false;
    }
    return true;
  };
  const parts = (req: RecordedRequest): string[] => {
    const url = new URL(`http://x${req.path}?${new URLSearchParams(req.query).toString()}`);
    return (req.query.part ?? '').split(',').concat(url.searchParams.getAll('part')).filter(Boolean);
  };

  const server = await startLocalServer({
    handler: router({
      'GET /youtube/v3/commentThreads': (req, res) => {
        if (!guard(req, res)) return;
        if (!parts(req).includes('snippet')) return sendJson(res, 400, googleError(400, 'invalidPart', 'part must include snippet'));
        const { videoId, allThreadsRelatedToChannelId: channelId } = req.query;
        if (!videoId && !channelId) return sendJson(res, 400, googleError(400, 'missingRequiredParameter', 'No filter selected.'));
        const all = fake.threads
          .filter((t) => (videoId ? t.snippet.videoId === videoId : t.snippet.channelId === channelId))
          .sort((a, b) => b.snippet.topLevelComment.snippet.publishedAt.localeCompare(a.snippet.topLevelComment.snippet.publishedAt));
        const size = Math.min(100, Number(req.query.maxResults ?? 20));
        const offset = req.query.pageToken ? Number(Buffer.from(req.query.pageToken, 'base64url').toString()) : 0;
        const items = all.slice(offset, offset + size).map((t) => (parts(req).includes('replies') ? t : { ...t, replies: undefined }));
        const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
        sendJson(res, 200, { kind: 'youtube#commentThreadListResponse', etag: `etag-${offset}`, nextPageToken: next, pageInfo: { totalResults: items.length, resultsPerPage: size }, items });
      },
      'POST /youtube/v3/comments': (req, res) => {
        if (!guard(req, res)) return;
        const body = req.body as { snippet?: { parentId?: string; textOriginal?: string } } | undefined;
        const parentId = body?.snippet?.parentId;
        const thread = fake.threads.find((t) => t.id === parentId);
        if (req.query.part !== 'snippet' || !parentId || !body?.snippet?.textOriginal) return sendJson(res, 400, googleError(400, 'invalidValue', 'snippet.parentId and snippet.textOriginal are required'));
        if (!thread) return sendJson(res, 404, googleError(404, 'parentCommentNotFound', 'The parent comment was not found.'));
        fake.inserts.push({ snippet: { parentId, textOriginal: body.snippet.textOriginal } });
        const created = loadFixture<YtComment>('comment-insert.json');
        created.id = `${parentId}.reply${++seq}`;
        created.snippet = { ...created.snippet, parentId, videoId: thread.snippet.videoId, textOriginal: body.snippet.textOriginal, textDisplay: body.snippet.textOriginal };
        sendJson(res, 200, created);
      },
      'GET /youtube/v3/channels': (req, res) => {
        if (!guard(req, res)) return;
        sendJson(res, 200, { kind: 'youtube#channelListResponse', pageInfo: { totalResults: 1, resultsPerPage: 5 }, items: [{ kind: 'youtube#channel', id: req.query.id }] });
      },
      'POST /token': (req, res) => {
        const body = req.body as Record<string, string> | undefined;
        if (body?.grant_type !== 'refresh_token' || body.refresh_token !== 'test-refresh-token') return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
        fake.tokens.add('refreshed-token');
        sendJson(res, 200, { access_token: 'refreshed-token', expires_in: 3599, scope: 'https://www.googleapis.com/auth/youtube.force-ssl', token_type: 'Bearer' });
      },
    }),
  });
  return Object.assign(fake, {
    server,
    url: server.url,
    listCalls: () => server.requests.filter((r) => r.path === '/youtube/v3/commentThreads'),
    close: () => server.close(),
  });
}
