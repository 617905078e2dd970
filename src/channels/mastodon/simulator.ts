/**
 * A local Mastodon instance for the demo: POST /api/v1/statuses (replies and the bank's own posts, with
 * Idempotency-Key), media uploads, PUT/DELETE/GET of a status (see ChannelSimulator).
 */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatedAudience, simulatorToken, startHttpSimulator } from '../simulator-http.js';
import { mastodonLength } from './measure.js';

interface SimStatus {
  id: string;
  uri: string;
  url: string;
  content: string;
  visibility: string;
  in_reply_to_id: string | null;
  created_at: string;
  edited_at: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function simulateMastodon(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const token = simulatorToken();
  let next = 110_000_000_000_000_000n;
  let media = 1;
  const statuses = new Map<string, SimStatus>();
  const byKey = new Map<string, SimStatus>();
  const server = await startHttpSimulator((req) => {
    if (bearerOf(req) !== token) return { status: 401, body: { error: 'The access token is invalid' } };
    if (req.method === 'GET' && req.path === '/api/v1/accounts/verify_credentials') return { status: 200, body: { id: '1', username: 'hanbitbank', acct: 'hanbitbank', display_name: '한빛은행' } };
    if (req.method === 'POST' && req.path === '/api/v2/media') return { status: 200, body: { id: `9${media++}`, type: 'image', url: null, description: null } };
    if (req.method === 'POST' && req.path === '/api/v1/statuses') {
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      const earlier = key ? byKey.get(key) : undefined;
      if (earlier) return { status: 200, body: earlier };
      const b = (req.json ?? {}) as { status?: unknown; in_reply_to_id?: unknown; visibility?: unknown };
      if (typeof b.status !== 'string' || !b.status) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      if (mastodonLength(b.status) > 500) return { status: 422, body: { error: 'Validation failed: Text character limit of 500 exceeded' } };
      const id = String(next++);
      const url = `https://mastodon.example/@hanbitbank/${id}`;
      const parent = typeof b.in_reply_to_id === 'string' ? b.in_reply_to_id : undefined;
      const st: SimStatus = {
        id,
        uri: url,
        url,
        content: `<p>${escapeHtml(b.status)}</p>`,
        visibility: typeof b.visibility === 'string' ? b.visibility : 'public',
        in_reply_to_id: parent ?? null,
        created_at: new Date().toISOString(),
        edited_at: null,
        replies_count: 0,
        reblogs_count: 0,
        favourites_count: 0,
      };
      statuses.set(id, st);
      if (key) byKey.set(key, st);
      onSend({ nativeId: id, kind: b.visibility === 'direct' ? 'direct_message' : parent ? 'reply' : 'post', text: b.status, private: b.visibility === 'direct', ...(parent ? { inReplyToNativeId: parent } : {}), url });
      return { status: 200, body: st };
    }
    const one = /^\/api\/v1\/statuses\/([^/]+)$/.exec(req.path);
    const st = one ? statuses.get(decodeURIComponent(one[1]!)) : undefined;
    if (one && !st) return { status: 404, body: { error: 'Record not found' } };
    if (st && req.method === 'GET') {
      const a = simulatedAudience(st.created_at);
      return { status: 200, body: { ...st, replies_count: a.replies, reblogs_count: a.reposts, favourites_count: a.likes } };
    }
    if (st && req.method === 'DELETE') {
      statuses.delete(st.id);
      return { status: 200, body: st };
    }
    if (st && req.method === 'PUT') {
      const b = (req.json ?? {}) as { status?: unknown };
      if (typeof b.status !== 'string' || !b.status) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      Object.assign(st, { content: `<p>${escapeHtml(b.status)}</p>`, edited_at: new Date().toISOString() });
      onSend({ nativeId: st.id, kind: 'post', text: b.status, private: false, url: st.url });
      return { status: 200, body: st };
    }
    return { status: 404, body: { error: 'Record not found' } };
  });
  return { settings: { instanceUrl: server.url }, credentials: { accessToken: token }, close: server.close };
}
