/** A local WordPress site for the demo: the REST API in memory (wire.ts); published posts are told back (see ChannelSimulator). */
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { simulatorToken, startHttpSimulator } from '../simulator-http.js';
import { newWpState, wpHandle } from './wire.js';

export async function simulateWordPress(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const password = simulatorToken();
  let state: ReturnType<typeof newWpState> | undefined;
  const server = await startHttpSimulator((req) => {
    const out = wpHandle(state!, { ...req, headers: req.headers }, new Date());
    return { status: out.status, body: out.body };
  });
  state = newWpState(server.url, password);
  state.onPost = (row, link) => onSend({ nativeId: String(row.id), kind: 'post', title: row.title, text: row.content.replace(/<[^>]+>/g, '').trim(), private: false, url: link });
  return { settings: { siteUrl: server.url, username: state.user.login }, credentials: { applicationPassword: password }, close: server.close };
}
