/** A local reply endpoint for the demo's webhook sources (KakaoTalk bot, app reviews): checks the signature like a real receiver. */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { simulatorToken, startHttpSimulator } from '../simulator-http.js';
import { checkSignature } from './signing.js';

export async function simulateWebhook(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const secret = simulatorToken();
  let next = 1;
  const server = await startHttpSimulator((req) => {
    if (req.method !== 'POST' || req.path !== '/replies') return { status: 404, body: { error: 'not found' } };
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const check = checkSignature(headers, req.body, [secret], new Date());
    if (!check.ok) return { status: 401, body: { error: check.reason } };
    const b = (req.json ?? {}) as { type?: unknown; text?: unknown; private?: unknown; inReplyTo?: { id?: unknown } };
    if (b.type === 'ping') return { status: 200, body: { ok: true } };
    if (b.type !== 'reply' || typeof b.text !== 'string' || !b.text) return { status: 400, body: { error: 'a reply needs text' } };
    const id = `demo-reply-${next++}`;
    onSend({ nativeId: id, kind: b.private === true ? 'direct_message' : 'reply', text: b.text, private: b.private === true, ...(typeof b.inReplyTo?.id === 'string' ? { inReplyToNativeId: b.inReplyTo.id } : {}) });
    return { status: 200, body: { id } };
  });
  return { settings: { replyUrl: `${server.url}/replies` }, credentials: { signingSecret: secret }, close: server.close };
}
