/** Helpers for building InboundRequests and inspecting what adapters sent, for channel tests. */
import type { InboundRequest } from '../port.js';

export interface InboundInit {
  method?: string;
  headers?: Record<string, string | undefined>;
  query?: Record<string, string | undefined>;
  /** A string or Buffer is used byte for byte; anything else is JSON.stringify'd. */
  body?: string | Buffer | unknown;
}

export function inboundRequest(init: InboundInit = {}): InboundRequest {
  const body = init.body;
  const rawBody = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
  if (rawBody.length > 0 && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  return { method: init.method ?? 'POST', headers, query: init.query ?? {}, rawBody };
}

/** JSON.stringify with every non-ASCII character escaped as \uXXXX, as some platforms send it. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** True when `text` occurs in any string (or UTF-8 Buffer) anywhere inside `value`. */
export function containsText(value: unknown, text: string, seen = new Set<unknown>()): boolean {
  if (typeof value === 'string') return value.includes(text);
  if (Buffer.isBuffer(value)) return value.toString('utf8').includes(text);
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  return Object.values(value as Record<string, unknown>).some((v) => containsText(v, text, seen));
}

/** Resolves when `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A 1×1 PNG as a data: URL, for posts that carry an image in tests. */
export const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
