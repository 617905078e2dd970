/** A local Mastodon instance for the demo: POST /api/v1/statuses (see ChannelSimulator). */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatorToken, startHttpSimulator } from '../simulator-http.js';

export async function simulateMastodon(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const token = simulatorToken();
  let next = 110_000_000_000_000_000n;
  const server = await startHttpSimulator((req) => {
    if (bearerOf(req) !== token) return { status: 401, body: { error: 'The access token is invalid' } };
    if (req.method === 'GET' && req.path === '/api/v1/accounts/verify_credentials') return { status: 200, body: { id: '1', username: 'hanbitbank', acct: 'hanbitbank', display_name: '한빛은행' } };
    if (req.method === 'POST' && req.path === '/api/v1/statuses') {
      const b = (req.json ?? {}) as { status?: unknown; in_reply_to_id?: unknown; visibility?: unknown };
      if (typeof b.status !== 'string' || !b.status) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      const id = String(next++);
      const url = `https://mastodon.example/@hanbitbank/${id}`;
      onSend({ nativeId: id, kind: b.visibility === 'direct' ? 'direct_message' : 'reply', text: b.status, private: b.visibility === 'direct', ...(typeof b.in_reply_to_id === 'string' ? { inReplyToNativeId: b.in_reply_to_id } : {}), url });
      return { status: 200, body: { id, uri: url, url, content: `<p>${b.status}</p>`, visibility: b.visibility ?? 'public', in_reply_to_id: b.in_reply_to_id ?? null, created_at: new Date().toISOString() } };
    }
    return { status: 404, body: { error: 'Record not found' } };
  });
  return { settings: { instanceUrl: server.url }, credentials: { accessToken: token }, close: server.close };
}
