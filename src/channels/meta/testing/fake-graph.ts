/**
 * A local server speaking the parts of the Graph API the Meta adapter uses: comment replies, Instagram
 * comment replies, the Send API (recipient.id / recipient.comment_id) and the Page node. It checks the
 * bearer token and appsecret_proof, and answers Graph-style errors on request.
 */
import { createHmac } from 'node:crypto';
import { router, sendJson, startLocalServer, type LocalServer, type RecordedRequest } from '../../testing/local-server.js';

export const GRAPH_VERSION = 'v21.0';
export const FAKE_PAGE = { id: '104857600123456', name: '소통은행' };
export const FAKE_PAGE_TOKEN = 'EAAG-page-token-for-tests';
export const FAKE_APP_SECRET = 'meta-app-secret-for-tests';

export interface FakeGraph {
  server: LocalServer;
  /** Base URL including the version, as settings.graphBaseUrl. */
  graphBaseUrl: string;
  /** Answer the next request with this Graph error. */
  failNext(status: number, error: Record<string, unknown>, headers?: Record<string, string>): void;
  replies(): RecordedRequest[];
  /** Page posts (feed and photos) and published Instagram media, by id; deleted ones removed. */
  pagePosts: Map<string, { id: string; message: string; link?: string; photoUrl?: string; altText?: string }>;
  igMedia: Map<string, { id: string; caption: string; imageUrl: string; altText?: string }>;
  /** Answers the next request as Graph does: throttled (code 32 with a usage header), an expired token (190), a bad parameter (100). */
  failAs(kind: 'rate_limited' | 'auth_failed' | 'invalid_request'): void;
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  let seq = 0;
  let failure: { status: number; error: Record<string, unknown>; headers: Record<string, string> } | undefined;
  const proof = createHmac('sha256', FAKE_APP_SECRET).update(FAKE_PAGE_TOKEN).digest('hex');
  const base = `/${GRAPH_VERSION}`;

  const graphError = (message: string, code: number, type = 'OAuthException') => ({ error: { message, type, code, fbtrace_id: 'AbCdEf123' } });
  const pagePosts: FakeGraph['pagePosts'] = new Map();
  const igMedia: FakeGraph['igMedia'] = new Map();
  const containers = new Map<string, { caption: string; imageUrl: string; altText?: string }>();
  const IG_ID = '17841400000000001';
  const imageOk = (u: unknown): u is string => typeof u === 'string' && (/^https?:\/\//.test(u) || u.startsWith('data:image/'));

  const routes = router({
    [`POST ${base}/:id/comments`]: (req, res, p) => {
      const body = req.body as { message?: unknown } | undefined;
      if (typeof body?.message !== 'string' || body.message === '') return sendJson(res, 400, graphError('(#100) Missing message', 100));
      sendJson(res, 200, { id: `${p.id}_${9000 + ++seq}` });
    },
    [`POST ${base}/:id/replies`]: (req, res) => {
      if (!req.query.message) return sendJson(res, 400, graphError('(#100) The parameter message is required', 100));
      sendJson(res, 200, { id: String(17919697626200000n + BigInt(++seq)) });
    },
    [`POST ${base}/:id/messages`]: (req, res, p) => {
      if (p.id !== FAKE_PAGE.id) return sendJson(res, 400, graphError('(#100) Unsupported post request', 100));
      const body = req.body as { recipient?: { id?: string; comment_id?: string }; messaging_type?: string; message?: { text?: string } } | undefined;
      if (!body?.message?.text) return sendJson(res, 400, graphError('(#100) The parameter message is required', 100));
      if (body.recipient?.comment_id) return sendJson(res, 200, { recipient_id: '6723000000000099', message_id: `m_private_${++seq}` });
      if (!body.recipient?.id || body.messaging_type !== 'RESPONSE') return sendJson(res, 400, graphError('(#100) Param recipient and messaging_type are required', 100));
      sendJson(res, 200, { recipient_id: body.recipient.id, message_id: `m_sent_${++seq}` });
    },
    [`POST ${base}/:id/feed`]: (req, res, p) => {
      if (p.id !== FAKE_PAGE.id) return sendJson(res, 400, graphError("(#200) The user hasn't authorized the application to perform this action", 200));
      const body = req.body as { message?: unknown; link?: unknown } | undefined;
      if (typeof body?.message !== 'string' || body.message === '') return sendJson(res, 400, graphError('(#100) The parameter message or link is required', 100));
      if ([...body.message].length > 63_206) return sendJson(res, 400, graphError('(#100) The message is too long', 100));
      const id = `${FAKE_PAGE.id}_${String(122100000000000000n + BigInt(++seq))}`;
      pagePosts.set(id, { id, message: body.message, ...(typeof body.link === 'string' ? { link: body.link } : {}) });
      sendJson(res, 200, { id });
    },
    [`POST ${base}/:id/photos`]: (req, res, p) => {
      if (p.id !== FAKE_PAGE.id) return sendJson(res, 400, graphError('(#200) Permissions error', 200));
      const body = req.body as { url?: unknown; message?: unknown; alt_text_custom?: unknown } | undefined;
      if (!imageOk(body?.url)) return sendJson(res, 400, graphError('(#324) Requires upload file', 324));
      const photo = String(122200000000000000n + BigInt(++seq));
      const id = `${FAKE_PAGE.id}_${photo}`;
      pagePosts.set(id, { id, message: typeof body?.message === 'string' ? body.message : '', photoUrl: body!.url as string, ...(typeof body?.alt_text_custom === 'string' ? { altText: body.alt_text_custom } : {}) });
      sendJson(res, 200, { id: photo, post_id: id });
    },
    [`POST ${base}/:id/media`]: (req, res, p) => {
      if (p.id !== IG_ID) return sendJson(res, 400, graphError('(#100) Unsupported post request', 100, 'GraphMethodException'));
      const body = req.body as { image_url?: unknown; caption?: unknown; alt_text?: unknown } | undefined;
      if (!imageOk(body?.image_url)) return sendJson(res, 400, graphError('(#9004) Only photo or video can be accepted as media type.', 9004));
      if (typeof body?.caption === 'string' && [...body.caption].length > 2200) return sendJson(res, 400, graphError('(#100) The caption is too long', 100));
      const id = String(17900000000000000n + BigInt(++seq));
      containers.set(id, { caption: typeof body?.caption === 'string' ? body.caption : '', imageUrl: body!.image_url as string, ...(typeof body?.alt_text === 'string' ? { altText: body.alt_text } : {}) });
      sendJson(res, 200, { id });
    },
    [`POST ${base}/:id/media_publish`]: (req, res, p) => {
      const c = containers.get(String((req.body as { creation_id?: unknown } | undefined)?.creation_id ?? ''));
      if (p.id !== IG_ID || !c) return sendJson(res, 400, graphError('(#100) Invalid parameter: creation_id', 100));
      containers.delete(String((req.body as { creation_id: string }).creation_id));
      const id = String(17950000000000000n + BigInt(++seq));
      igMedia.set(id, { id, ...c });
      sendJson(res, 200, { id });
    },
    [`GET ${base}/:id`]: (req, res, p) => {
      const post = pagePosts.get(p.id ?? '');
      if (post)
        return sendJson(res, 200, {
          id: post.id,
          shares: { count: 3 },
          comments: { data: [], summary: { order: 'ranked', total_count: 4, can_comment: true } },
          reactions: { data: [], summary: { total_count: 12, viewer_reaction: 'NONE' } },
        });
      const media = igMedia.get(p.id ?? '');
      if (media) return sendJson(res, 200, { id: media.id, like_count: 21, comments_count: 2, permalink: `https://www.instagram.com/p/Fake${media.id.slice(-6)}/` });
      if (p.id !== FAKE_PAGE.id) return sendJson(res, 404, graphError('(#803) Some of the aliases you requested do not exist', 803));
      sendJson(res, 200, FAKE_PAGE);
    },
    [`POST ${base}/:id`]: (req, res, p) => {
      const post = pagePosts.get(p.id ?? '');
      if (!post) return sendJson(res, 400, graphError(`Unsupported post request. Object with ID '${p.id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 100, 'GraphMethodException'));
      const message = (req.body as { message?: unknown } | undefined)?.message;
      if (typeof message !== 'string' || message === '') return sendJson(res, 400, graphError('(#100) The parameter message is required', 100));
      post.message = message;
      sendJson(res, 200, { success: true });
    },
    [`DELETE ${base}/:id`]: (_req, res, p) => {
      if (!pagePosts.delete(p.id ?? '')) return sendJson(res, 400, graphError(`Unsupported delete request. Object with ID '${p.id}' does not exist`, 100, 'GraphMethodException'));
      sendJson(res, 200, { success: true });
    },
  });

  const server = await startLocalServer({
    handler: (req, res, params) => {
      if (failure) {
        const f = failure;
        failure = undefined;
        return sendJson(res, f.status, { error: f.error }, f.headers);
      }
      if (req.headers.authorization !== `Bearer ${FAKE_PAGE_TOKEN}`) return sendJson(res, 400, graphError('Invalid OAuth access token - Cannot parse access token', 190));
      if (req.query.appsecret_proof !== proof) return sendJson(res, 400, graphError('Invalid appsecret_proof provided in the API argument', 100, 'GraphMethodException'));
      return routes(req, res, params);
    },
  });

  return {
    server,
    graphBaseUrl: `${server.url}${base}`,
    pagePosts,
    igMedia,
    failAs(kind) {
      if (kind === 'rate_limited')
        failure = {
          status: 400,
          error: { message: '(#32) Page request limit reached', type: 'OAuthException', code: 32, fbtrace_id: 'AbCdEf123' },
          headers: { 'x-business-use-case-usage': JSON.stringify({ [FAKE_PAGE.id]: [{ type: 'pages', call_count: 100, total_cputime: 30, total_time: 40, estimated_time_to_regain_access: 5 }] }) },
        };
      else if (kind === 'auth_failed')
        failure = { status: 400, error: { message: 'Error validating access token: Session has expired on Sunday, 06-Dec-26 10:00:00 PST.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbCdEf123' }, headers: {} };
      else failure = { status: 400, error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'AbCdEf123' }, headers: {} };
    },
    failNext(status, error, headers = {}) {
      failure = { status, error, headers };
    },
    replies: () => server.requests.filter((r) => r.method === 'POST'),
    close: () => server.close(),
  };
}
