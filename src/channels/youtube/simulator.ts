/** A local YouTube Data API v3 for the demo: comments.insert (see ChannelSimulator). */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatorToken, startHttpSimulator } from '../simulator-http.js';

const googleError = (code: number, reason: string, message: string) => ({ status: code, body: { error: { code, message, errors: [{ reason, message }] } } });

export async function simulateYouTube(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const token = simulatorToken();
  let next = 1;
  const server = await startHttpSimulator((req) => {
    if (bearerOf(req) !== token) return googleError(401, 'authError', 'Invalid Credentials');
    if (req.method === 'GET' && (req.path === '/youtube/v3/channels' || req.path === '/youtube/v3/videos')) return { status: 200, body: { items: [{ id: req.query.get('id') }] } };
    if (req.method === 'POST' && req.path === '/youtube/v3/comments') {
      const snippet = (req.json as { snippet?: { parentId?: unknown; textOriginal?: unknown } } | undefined)?.snippet;
      if (typeof snippet?.textOriginal !== 'string' || typeof snippet.parentId !== 'string') return googleError(400, 'invalidCommentMetadata', 'snippet.parentId and snippet.textOriginal are required');
      const id = `${snippet.parentId}.demo${next++}`;
      onSend({ nativeId: id, kind: 'comment', text: snippet.textOriginal, private: false, inReplyToNativeId: snippet.parentId });
      return { status: 200, body: { kind: 'youtube#comment', id, snippet: { parentId: snippet.parentId, textOriginal: snippet.textOriginal, textDisplay: snippet.textOriginal } } };
    }
    return googleError(404, 'notFound', `${req.method} ${req.path}`);
  });
  return { settings: { apiBaseUrl: server.url, channelId: 'UCdemoHanbitBank' }, credentials: { accessToken: token }, close: server.close };
}
