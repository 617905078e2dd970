/** A local Graph API for the demo: comments, Instagram replies, Messenger and private replies (see ChannelSimulator). */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatorToken, startHttpSimulator } from '../simulator-http.js';

const PAGE_ID = '100000000000001';
const IG_ID = '17841400000000009';
const graphError = (status: number, code: number, message: string) => ({ status, body: { error: { message, type: status === 401 ? 'OAuthException' : 'GraphMethodException', code, fbtrace_id: 'demo' } } });

export async function simulateMeta(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const token = simulatorToken();
  let next = 1;
  const containers = new Map<string, string>();
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
    const text = (v: unknown): string => (typeof v === 'string' ? v : '');
    const b = (req.json ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && parts.length === 2 && parts[0] === PAGE_ID && (parts[1] === 'feed' || parts[1] === 'photos')) {
      if (!text(b.message) && !b.url) return graphError(400, 100, '(#100) The parameter message or link is required');
      const id = `${PAGE_ID}_${next++}`;
      onSend({ nativeId: id, kind: 'post', text: text(b.message), private: false, url: `https://www.facebook.com/${id}` });
      return { status: 200, body: parts[1] === 'photos' ? { id: id.split('_')[1], post_id: id } : { id } };
    }
    if (req.method === 'POST' && parts.length === 2 && parts[0] === IG_ID && parts[1] === 'media') {
      if (!text(b.image_url)) return graphError(400, 9004, '(#9004) Only photo or video can be accepted as media type.');
      const id = `c${next++}`;
      containers.set(id, text(b.caption));
      return { status: 200, body: { id } };
    }
    if (req.method === 'POST' && parts.length === 2 && parts[0] === IG_ID && parts[1] === 'media_publish') {
      const caption = containers.get(text(b.creation_id));
      if (caption === undefined) return graphError(400, 100, '(#100) Invalid parameter: creation_id');
      containers.delete(text(b.creation_id));
      const id = `179${next++}`;
      onSend({ nativeId: id, kind: 'post', text: caption, private: false, url: `https://www.instagram.com/p/demo${id}/` });
      return { status: 200, body: { id } };
    }
    if (req.method === 'POST' && parts.length === 1 && parts[0]!.startsWith(`${PAGE_ID}_`)) {
      onSend({ nativeId: parts[0]!, kind: 'post', text: text(b.message), private: false, url: `https://www.facebook.com/${parts[0]}` });
      return { status: 200, body: { success: true } };
    }
    if (req.method === 'DELETE' && parts.length === 1) return { status: 200, body: { success: true } };
    if (req.method === 'GET' && parts.length === 1 && parts[0]!.startsWith(`${PAGE_ID}_`))
      return { status: 200, body: { id: parts[0], shares: { count: 0 }, comments: { summary: { total_count: 0 } }, reactions: { summary: { total_count: 0 } } } };
    if (req.method === 'GET' && parts.length === 1 && parts[0]!.startsWith('179')) return { status: 200, body: { id: parts[0], like_count: 0, comments_count: 0, permalink: `https://www.instagram.com/p/demo${parts[0]}/` } };
    return graphError(404, 803, `(#803) Unknown path ${req.path}`);
  });
  return { settings: { graphBaseUrl: `${server.url}/v21.0`, pageId: PAGE_ID, instagramId: IG_ID }, credentials: { pageAccessToken: token }, close: server.close };
}
