/** A local Graph API for the demo: comments, Instagram replies, Messenger and private replies (see ChannelSimulator). */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatorToken, startHttpSimulator } from '../simulator-http.js';

const PAGE_ID = '100000000000001';
const graphError = (status: number, code: number, message: string) => ({ status, body: { error: { message, type: status === 401 ? 'OAuthException' : 'GraphMethodException', code, fbtrace_id: 'demo' } } });

export async function simulateMeta(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const token = simulatorToken();
  let next = 1;
  const server = await startHttpSimulator((req) => {
    if (bearerOf(req) !== token) return graphError(401, 190, 'Invalid OAuth access token.');
    const parts = req.path.split('/').filter(Boolean).slice(1).map(decodeURIComponent); // drop the version
    const body = (req.json ?? {}) as { message?: unknown; recipient?: { id?: unknown; comment_id?: unknown } };
    if (req.method === 'GET' && parts.length === 1 && parts[0] === PAGE_ID) return { status: 200, body: { id: PAGE_ID, name: '한빛은행' } };
    if (req.method === 'POST' && parts.length === 2 && parts[0] === PAGE_ID && parts[1] === 'messages') {
      const text = (body.message as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || !text) return graphError(400, 100, '(#100) The parameter message is required');
      const commentId = typeof body.recipient?.comment_id === 'string' ? body.recipient.comment_id : undefined;
      const mid = `m_demo_${next++}`;
      onSend({ nativeId: mid, kind: 'direct_message', text, private: true, ...(commentId ? { inReplyToNativeId: commentId } : {}) });
      return { status: 200, body: { recipient_id: typeof body.recipient?.id === 'string' ? body.recipient.id : 'demo-psid', message_id: mid } };
    }
    if (req.method === 'POST' && parts.length === 2 && (parts[1] === 'comments' || parts[1] === 'replies')) {
      const text = parts[1] === 'replies' ? req.query.get('message') : typeof body.message === 'string' ? body.message : undefined;
      if (!text) return graphError(400, 100, '(#100) The parameter message is required');
      const id = `${parts[0]}_r${next++}`;
      onSend({ nativeId: id, kind: 'comment', text, private: false, inReplyToNativeId: parts[0]! });
      return { status: 200, body: { id } };
    }
    return graphError(404, 803, `(#803) Unknown path ${req.path}`);
  });
  return { settings: { graphBaseUrl: `${server.url}/v21.0`, pageId: PAGE_ID }, credentials: { pageAccessToken: token }, close: server.close };
}
