/** A local X API v2 for the demo: posts replies and DMs the way X answers them (see ChannelSimulator). */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatorToken, startHttpSimulator } from '../simulator-http.js';

const unauthorized = { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };

export async function simulateX(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const token = simulatorToken();
  let next = 1_900_000_000_000_000_000n;
  const id = () => String(next++);
  const server = await startHttpSimulator((req) => {
    if (bearerOf(req) !== token) return unauthorized;
    const body = (req.json ?? {}) as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
    if (req.method === 'GET' && req.path === '/2/users/me') return { status: 200, body: { data: { id: '1000000000000000001', username: 'hanbitbank', name: '한빛은행' } } };
    if (req.method === 'POST' && req.path === '/2/tweets') {
      if (typeof body.text !== 'string' || body.text === '') return { status: 400, body: { title: 'Invalid Request', detail: 'text is required' } };
      const tweet = id();
      const parent = typeof body.reply?.in_reply_to_tweet_id === 'string' ? body.reply.in_reply_to_tweet_id : undefined;
      onSend({ nativeId: tweet, kind: 'reply', text: body.text, private: false, ...(parent ? { inReplyToNativeId: parent } : {}), url: `https://x.com/hanbitbank/status/${tweet}` });
      return { status: 201, body: { data: { id: tweet, text: body.text, edit_history_tweet_ids: [tweet] } } };
    }
    const dm = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(req.path);
    if (req.method === 'POST' && dm) {
      if (typeof body.text !== 'string' || body.text === '') return { status: 400, body: { title: 'Invalid Request', detail: 'text is required' } };
      const event = id();
      onSend({ nativeId: event, kind: 'direct_message', text: body.text, private: true });
      return { status: 201, body: { data: { dm_event_id: event, dm_conversation_id: `1000000000000000001-${decodeURIComponent(dm[1]!)}` } } };
    }
    return { status: 404, body: { title: 'Not Found Error', detail: `${req.method} ${req.path}` } };
  });
  return { settings: { apiBaseUrl: server.url, handle: 'hanbitbank', userId: '1000000000000000001' }, credentials: { userAccessToken: token }, close: server.close };
}
