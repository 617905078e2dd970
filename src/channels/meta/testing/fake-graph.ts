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
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  let seq = 0;
  let failure: { status: number; error: Record<string, unknown>; headers: Record<string, string> } | undefined;
  const proof = createHmac('sha256', FAKE_APP_SECRET).update(FAKE_PAGE_TOKEN).digest('hex');
  const base = `/${GRAPH_VERSION}`;

  const graphError = (message: string, code: number, type = 'OAuthException') => ({ error: { message, type, code, fbtrace_id: 'AbCdEf123' } });

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
    [`GET ${base}/:id`]: (_req, res, p) => {
      if (p.id !== FAKE_PAGE.id) return sendJson(res, 404, graphError('(#803) Some of the aliases you requested do not exist', 803));
      sendJson(res, 200, FAKE_PAGE);
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
    failNext(status, error, headers = {}) {
      failure = { status, error, headers };
    },
    replies: () => server.requests.filter((r) => r.method === 'POST'),
    close: () => server.close(),
  };
}
