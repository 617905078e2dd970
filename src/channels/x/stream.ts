/**
 * The filtered stream: rules are synchronised from settings.streamRules (validated with dry_run first),
 * then GET /2/tweets/search/stream is read as \r\n-delimited JSON with blank keep-alive lines. A dropped
 * or stalled connection is reopened with exponential backoff (429: at least until x-rate-limit-reset);
 * reopened connections ask for `backfill_minutes` when settings.backfillMinutes is set, and posts already
 * handed over are not handed over twice.
 */
import { ChannelError, type AccountContext, type ChannelEvent } from '../port.js';
import type { XClient } from './client.js';
import { TWEET_QUERY, tweetToItem, type V2Includes } from './map.js';

export interface StreamRule {
  value: string;
  tag?: string;
}

interface RulesResponse {
  data?: Array<{ id: string; value: string; tag?: string }>;
  meta?: { summary?: { created?: number; not_created?: number; valid?: number; invalid?: number; deleted?: number } };
  errors?: Array<{ value?: string; title?: string; details?: string[] }>;
}

export interface StreamOptions {
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  stallTimeoutMs: number;
  backfillMinutes?: number;
}

export function streamOptions(account: AccountContext): StreamOptions {
  const n = (k: string, d: number): number => (typeof account.settings[k] === 'number' ? (account.settings[k] as number) : d);
  const backfill = n('backfillMinutes', 0);
  return {
    reconnectBaseMs: n('reconnectBaseMs', 1000),
    reconnectMaxMs: n('reconnectMaxMs', 320_000),
    stallTimeoutMs: n('stallTimeoutMs', 30_000),
    backfillMinutes: backfill > 0 ? Math.min(5, backfill) : undefined,
  };
}

function desiredRules(account: AccountContext): StreamRule[] | undefined {
  const rules = account.settings.streamRules;
  if (rules === undefined) return undefined;
  if (!Array.isArray(rules) || !rules.every((r) => r && typeof (r as StreamRule).value === 'string')) {
    throw new ChannelError('invalid_request', 'settings.streamRules must be an array of { value, tag? }', false);
  }
  return (rules as StreamRule[]).map((r) => ({ value: r.value, ...(r.tag ? { tag: r.tag } : {}) }));
}

/** Makes the app's stream rules equal to settings.streamRules (no-op when the setting is absent). */
export async function syncRules(client: XClient, account: AccountContext, token: string, signal: AbortSignal): Promise<void> {
  const desired = desiredRules(account);
  if (!desired) return;
  const path = '/2/tweets/search/stream/rules';
  const current = (await client.request<RulesResponse>({ method: 'GET', path, token, signal })).body.data ?? [];
  const key = (r: StreamRule) => `${r.value}\u0000${r.tag ?? ''}`;
  const have = new Set(current.map(key));
  const want = new Set(desired.map(key));
  const add = desired.filter((r) => !have.has(key(r)));
  const remove = current.filter((r) => !want.has(key(r))).map((r) => r.id);
  if (add.length > 0) {
    const check = await client.request<RulesResponse>({ method: 'POST', path, query: { dry_run: true }, body: { add }, token, signal });
    if ((check.body.meta?.summary?.invalid ?? 0) > 0) {
      const why = (check.body.errors ?? []).map((e) => `${e.value ?? ''} ${e.title ?? ''} ${(e.details ?? []).join('; ')}`.trim()).join(' | ');
      throw new ChannelError('invalid_request', `X rejected stream rules: ${why}`, false);
    }
  }
  if (remove.length > 0) await client.request<RulesResponse>({ method: 'POST', path, body: { delete: { ids: remove } }, token, signal });
  if (add.length > 0) await client.request<RulesResponse>({ method: 'POST', path, body: { add }, token, signal });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

type LineResult = 'continue' | 'reconnect';

/** Reads one connection line by line; resolves when the server closes it, it stalls, or `onLine` asks to reconnect. */
async function readLines(body: ReadableStream<Uint8Array>, stallMs: number, onLine: (line: string) => Promise<LineResult>, connection: AbortController): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let stall = setTimeout(() => connection.abort(), stallMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      clearTimeout(stall);
      stall = setTimeout(() => connection.abort(), stallMs);
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if ((await onLine(line)) === 'reconnect') return;
      }
    }
  } finally {
    clearTimeout(stall);
    reader.cancel().catch(() => undefined);
  }
}

export async function runStream(client: XClient, account: AccountContext, cursor: string | undefined, onEvents: (events: ChannelEvent[], cursor?: string) => Promise<void>, signal: AbortSignal): Promise<void> {
  const token = account.credentials.bearerToken;
  if (!token) throw new ChannelError('auth_failed', 'the X filtered stream needs credentials.bearerToken (app-only)', false);
  const opts = streamOptions(account);
  const ownUserId = typeof account.settings.userId === 'string' ? account.settings.userId : undefined;
  await syncRules(client, account, token, signal);

  const recent = new Set<string>();
  const remember = (id: string): boolean => {
    if (recent.has(id)) return false;
    recent.add(id);
    if (recent.size > 5000) recent.delete(recent.values().next().value as string);
    return true;
  };
  let attempt = 0;
  let connectedBefore = cursor !== undefined;

  while (!signal.aborted) {
    let minWait = 0;
    let handlerError: unknown;
    const connection = new AbortController();
    const onAbort = () => connection.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const connectTimer = setTimeout(() => connection.abort(), opts.stallTimeoutMs);
    try {
      const { res } = await client.open(
        {
          method: 'GET',
          path: '/2/tweets/search/stream',
          query: { ...TWEET_QUERY, backfill_minutes: connectedBefore ? opts.backfillMinutes : undefined },
          token,
          signal: connection.signal,
          bucket: 'GET /2/tweets/search/stream',
        },
        null,
      );
      clearTimeout(connectTimer);
      connectedBefore = true;
      if (!res.body) throw new ChannelError('unavailable', 'X stream answered without a body', true);
      await readLines(
        res.body,
        opts.stallTimeoutMs,
        async (line) => {
          attempt = 0;
          if (line.trim() === '') return 'continue';
          let msg: { data?: unknown; includes?: V2Includes; errors?: Array<{ title?: string; type?: string; detail?: string }> };
          try {
            msg = JSON.parse(line) as typeof msg;
          } catch {
            return 'continue';
          }
          if (!msg.data) {
            // In-stream errors (operational-disconnect, ConnectionException): reopen.
            return msg.errors && msg.errors.length > 0 ? 'reconnect' : 'continue';
          }
          let item;
          try {
            item = tweetToItem(msg.data, msg.includes, ownUserId);
          } catch {
            return 'continue';
          }
          if (!remember(item.nativeId)) return 'continue';
          try {
            await onEvents([{ type: 'upsert', item }], item.nativeId);
          } catch (err) {
            handlerError = err;
            return 'reconnect';
          }
          return 'continue';
        },
        connection,
      );
    } catch (err) {
      if (signal.aborted) break;
      if (err instanceof ChannelError) {
        if (!err.retryable) throw err;
        if (err.code === 'rate_limited') minWait = err.retryAfterMs ?? 60_000;
      }
      // Network errors and stalls (our own abort of `connection`) fall through to a reconnect.
    } finally {
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
      connection.abort();
    }
    // The pipeline could not take the events: stop, so the caller resumes from the last cursor it stored.
    if (handlerError !== undefined) throw handlerError;
    if (signal.aborted) break;
    const wait = Math.max(minWait, Math.min(opts.reconnectMaxMs, opts.reconnectBaseMs * 2 ** attempt));
    attempt += 1;
    await sleep(wait, signal);
  }
}
