/** One Jetstream subscription (JSON over WebSocket, /subscribe); resolves when the connection ends. */
import WebSocket from 'ws';
import { ChannelError } from '../port.js';
import type { JetstreamEvent } from './mapping.js';

export function subscribeUrl(base: string, wantedDids: string[], cursorUs: number | undefined): string {
  const url = new URL(`${base.replace(/^http/, 'ws')}/subscribe`);
  url.searchParams.append('wantedCollections', 'app.bsky.feed.post');
  for (const did of wantedDids) url.searchParams.append('wantedDids', did);
  if (cursorUs !== undefined) url.searchParams.set('cursor', String(cursorUs));
  return url.toString();
}

const PING_MS = 30_000;

export function runJetstream(url: string, onEvent: (ev: JetstreamEvent) => void, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return resolve();
    const ws = new WebSocket(url, { handshakeTimeout: 15_000 });
    let failure: ChannelError | undefined;
    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_MS);
    const onAbort = (): void => ws.close(1000);
    signal.addEventListener('abort', onAbort, { once: true });
    ws.on('pong', () => (alive = true));
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 502;
      failure = new ChannelError(status >= 500 || status === 429 ? 'unavailable' : 'invalid_request', `Jetstream refused the subscription: ${status}`, status >= 500 || status === 429);
      res.resume();
      ws.terminate();
    });
    ws.on('message', (data) => {
      alive = true;
      let ev: JetstreamEvent;
      try {
        ev = JSON.parse(data.toString()) as JetstreamEvent;
      } catch {
        return;
      }
      if (ev && typeof ev.did === 'string' && typeof ev.time_us === 'number') onEvent(ev);
    });
    ws.on('error', (err) => {
      failure ??= new ChannelError('unavailable', `Jetstream unreachable: ${err.message}`, true);
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      signal.removeEventListener('abort', onAbort);
      if (failure && !signal.aborted) reject(failure);
      else resolve();
    });
  });
}
