/** A local WordPress for tests: the in-memory REST API (wire.ts) on a recording server, with failures on request. */
import { sendJson, startLocalServer, type LocalServer } from '../../testing/local-server.js';
import { newWpState, wpHandle, type WpState } from '../wire.js';

export const WP_USER = 'hanbit';
export const WP_PASSWORD = 'abcd EFGH 1234 ijkl MNOP 5678';

export interface FakeWordPress {
  server: LocalServer;
  url: string;
  state: WpState;
  /** Answers the next request as a WordPress host does: 429 with Retry-After, 401 incorrect_password, 400 rest_invalid_param. */
  failNext(kind: 'rate_limited' | 'auth_failed' | 'invalid_request'): void;
  close(): Promise<void>;
}

export async function startFakeWordPress(): Promise<FakeWordPress> {
  let failure: 'rate_limited' | 'auth_failed' | 'invalid_request' | undefined;
  let state: WpState | undefined;
  const server = await startLocalServer({
    handler: (req, res) => {
      const f = failure;
      failure = undefined;
      if (f === 'rate_limited') return sendJson(res, 429, { code: 'too_many_requests', message: 'Too many requests.', data: { status: 429 } }, { 'retry-after': '120' });
      if (f === 'auth_failed') return sendJson(res, 401, { code: 'incorrect_password', message: 'The provided password is an invalid application password.', data: { status: 401 } });
      if (f === 'invalid_request')
        return sendJson(res, 400, { code: 'rest_invalid_param', message: 'Invalid parameter(s): status', data: { status: 400, params: { status: 'Status is not one of publish, future, draft, pending, private.' } } });
      const out = wpHandle(state!, { method: req.method, path: req.path, query: new URLSearchParams(req.query), headers: req.headers, body: req.rawBody, json: req.body }, new Date());
      sendJson(res, out.status, out.body, out.headers);
    },
  });
  state = newWpState(server.url, WP_PASSWORD.replace(/\s/g, ''));
  return {
    server,
    url: server.url,
    state,
    failNext(kind) {
      failure = kind;
    },
    close: () => server.close(),
  };
}
