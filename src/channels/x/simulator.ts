/** A local X API v2 for the demo: posts replies and DMs the way X answers them (see ChannelSimulator). */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatorToken, startHttpSimulator } from '../simulator-http.js';

const unauthorized = { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };

export async function simulateX(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const token = simulatorToken();
  let next = 1_900_000_000_000_000_000n;
  const id = () => String(next++);
  const own = new Map<string, { text: string; deleted: boolean }>();
  const server = await startHttpSimulator((req) => {
    if (bearerOf(req) !== token) return unauthorized;
    const body = (req.json ?? {}) as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
    if (req.method === 'GET' && req.path === '/2/users/me') return { status: 200, body: { data: { id: '1000000000000000001', username: 'hanbitbank', name: '한빛은행' } } };
    if (req.method === 'POST' && req.path === '/2/tweets') {
      if (typeof body.text !== 'string' || body.text === '') return { status: 400, body: { title: 'Invalid Request', detail: 'text is required' } };
      const parent = typeof body.reply?.in_reply_to_tweet_id === 'string' ? body.reply.in_reply_to_tweet_id : undefined;
      if (!parent && [...own.values()].some((t) => !t.deleted && t.text === body.text))
        return { status: 403, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not allowed to create a Tweet with duplicate content.' } };
      const tweet = id();
      if (!parent) own.set(tweet, { text: body.text, deleted: false });
      onSend({ nativeId: tweet, kind: parent ? 'reply' : 'post', text: body.text, private: false, ...(parent ? { inReplyToNativeId: parent } : {}), url: `https://x.com/hanbitbank/status/${tweet}` });
      return { status: 201, body: { data: { id: tweet, text: body.text, edit_history_tweet_ids: [tweet] } } };
    }
    if (req.method === 'POST' && req.path === '/2/media/upload') return { status: 200, body: { data: { id: id(), media_key: 'demo', expires_after_secs: 86400 } } };
    if (req.method === 'POST' && req.path === '/2/media/metadata') return { status: 200, body: { data: { associated_metadata: true } } };
    if (req.method === 'GET' && /^\/2\/users\/[^/]+\/tweets$/.test(req.path)) {
      const data = [...own.entries()].filter(([, t]) => !t.deleted).map(([tid, t]) => ({ id: tid, text: t.text, edit_history_tweet_ids: [tid] }));
      return { status: 200, body: data.length ? { data: data.reverse(), meta: { result_count: data.length } } : { meta: { result_count: 0 } } };
    }
    const one = /^\/2\/tweets\/(\d+)$/.exec(req.path);
    if (one && req.method === 'DELETE') {
      const t = own.get(one[1]!);
      if (t) t.deleted = true;
      return { status: 200, body: { data: { deleted: !!t } } };
    }
    if (one && req.method === 'GET') {
      const t = own.get(one[1]!);
      if (!t || t.deleted) return { status: 200, body: { errors: [{ title: 'Not Found Error', detail: `Could not find tweet with id: [${one[1]}].` }] } };
      return { status: 200, body: { data: { id: one[1], text: t.text, public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, impression_count: 0 } } } };
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
