/**
 * Mastodon streaming transports: one WebSocket to /api/v1/streaming with a subscribe message per stream,
 * or one server-sent-events connection per stream (/api/v1/streaming/user, /hashtag?tag=). Each resolves
 * when the connection ends and throws a ChannelError when the server refuses it.
 */
import WebSocket from 'ws';
import { ChannelError } from '../port.js';
import { networkError, statusError } from './client.js';

export interface Subscription {
  stream: 'user' | 'hashtag';
  tag?: string;
}

export interface StreamFrame {
  stream: string[];
  event: string;
  payload: string;
}

export interface TransportHooks {
  onOpen(): void;
  onFrame(frame: StreamFrame): void;
}

const PING_MS = 30_000;

export function runWebSocket(baseUrl: string, token: string, subs: Subscription[], hooks: TransportHooks, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return resolve();
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/streaming`;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 15_000 });
    let alive = true;
    let failure: ChannelError | undefined;
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_MS);
    const onAbort = (): void => ws.close(1000);
    signal.addEventListener('abort', onAbort, { once: true });
    ws.on('pong', () => (alive = true));
    ws.on('unexpected-response', (_req, res) => {
      failure = statusError(res.statusCode ?? 502, res.statusMessage ?? '', new Headers(), 'streaming');
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      for (const s of subs) ws.send(JSON.stringify({ type: 'subscribe', stream: s.stream, ...(s.tag ? { tag: s.tag } : {}) }));
      hooks.onOpen();
    });
    ws.on('message', (data) => {
      alive = true;
      let frame: Partial<StreamFrame> & { error?: string; status?: number };
      try {
        frame = JSON.parse(data.toString()) as typeof frame;
      } catch {
        return;
      }
      if (frame.error) {
        failure = frame.status === 401 ? new ChannelError('auth_failed', `Mastodon streaming: ${frame.error}`, false) : new ChannelError('invalid_request', `Mastodon streaming: ${frame.error}`, false);
        ws.close();
        return;
      }
      if (typeof frame.event === 'string') hooks.onFrame({ stream: Array.isArray(frame.stream) ? frame.stream : [], event: frame.event, payload: typeof frame.payload === 'string' ? frame.payload : JSON.stringify(frame.payload ?? '') });
    });
    ws.on('error', (err) => {
      failure ??= networkError(err, 'streaming');
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      signal.removeEventListener('abort', onAbort);
      if (failure && !signal.aborted) reject(failure);
      else resolve();
    });
  });
}

/** Parses a server-sent-events body: `event:`/`data:` fields, blank-line separated, `:` comments (`:thump`) ignored. */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (event: string, data: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  const line = (raw: string): void => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l === '') {
      if (data.length) onEvent(event, data.join('\n'));
      event = 'message';
      data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    const value = colon === -1 ? '' : l.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) !== -1) {
      line(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  }
}

export async function runSse(baseUrl: string, token: string, sub: Subscription, hooks: TransportHooks, signal: AbortSignal): Promise<void> {
  const path = sub.stream === 'user' ? '/api/v1/streaming/user' : `/api/v1/streaming/hashtag?tag=${encodeURIComponent(sub.tag ?? '')}`;
  let res: Response;
  try {
    res = await fetch(baseUrl + path, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal });
  } catch (err) {
    if (signal.aborted) return;
    throw networkError(err, 'streaming');
  }
  if (!res.ok || !res.body) throw statusError(res.status, await res.text().catch(() => ''), res.headers, 'streaming');
  hooks.onOpen();
  const stream = sub.stream === 'user' ? ['user'] : ['hashtag', sub.tag ?? ''];
  try {
    await readSse(res.body, (event, payload) => hooks.onFrame({ stream, event, payload }));
  } catch (err) {
    if (signal.aborted) return;
    throw networkError(err, 'streaming');
  }
}
