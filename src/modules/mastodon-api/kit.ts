/** What every Mastodon route shares: the bearer token, form bodies, Mastodon-shaped errors, Link paging. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../../http/errors.js';
import { findBadText } from '../../http/input-guard.js';
import { DomainError, forbidden, invalid, unauthenticated } from '../../platform/errors.js';
import type { Viewer } from '../microblog/index.js';
import type { Caller, OAuthService } from './oauth.service.js';

const tokens = new WeakMap<FastifyRequest, string>();
const callers = new WeakMap<FastifyRequest, Promise<Caller | null>>();

/** The server's own address as the client reached it (for URLs in entities and Link headers). */
export const baseOf = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? 'localhost'}`;

/** `a[b][]=1&a[b][]=2&c=3` → { a: { b: ['1', '2'] }, c: '3' } (how form clients send arrays and polls). */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let node: Record<string, unknown> = out;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const nextIsArray = parts[i + 1] === '';
      if (last) {
        if (part === '') continue;
        node[part] = value;
      } else if (nextIsArray && i + 1 === parts.length - 1) {
        const arr = Array.isArray(node[part]) ? (node[part] as unknown[]) : [];
        arr.push(value);
        node[part] = arr;
        break;
      } else {
        if (typeof node[part] !== 'object' || node[part] === null || Array.isArray(node[part])) node[part] = Object.create(null);
        node = node[part] as Record<string, unknown>;
      }
    }
  }
  return out;
}

/**
 * Sets up a plugin scope for Mastodon routes: the bearer token is taken here (and hidden from Sotong's
 * own token check, which knows only `sot_` tokens), form bodies are parsed, errors take Mastodon's shape.
 */
export function mastodonScope(app: FastifyInstance): void {
  // The Mastodon API is documented by Mastodon (docs.joinmastodon.org) and docs/microblog.md; it stays out
  // of Sotong's OpenAPI document, and test/microblog/hostile.test.ts fuzzes it instead.
  app.addHook('onRoute', (route) => {
    route.schema = { ...(route.schema ?? {}), hide: true };
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1_000_000 }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch {
      done(invalid('request.malformed_form', 'The form body cannot be read.'), undefined);
    }
  });
  app.addHook('onRequest', async (req) => {
    const h = req.headers.authorization;
    const q = (req.query as Record<string, unknown> | undefined)?.access_token;
    if (h && /^bearer /i.test(h)) tokens.set(req, h.slice(7).trim());
    else if (typeof q === 'string') tokens.set(req, q);
    delete req.headers.authorization;
  });
  app.addHook('preValidation', async (req) => {
    if (!/json/i.test(String(req.headers['content-type'] ?? ''))) {
      const bad = findBadText(req.body);
      if (bad) throw invalid('request.bad_text', `body.${bad.field} is not valid text.`, bad.field);
    }
  });
  app.setErrorHandler((err, req, reply) => sendMastodonError(err, req, reply));
}

export function sendMastodonError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const { status, body, headers } = toErrorResponse(err, req);
  if (headers) reply.headers(headers);
  const code = body.error.code;
  const oauth = /^(invalid_|unsupported_|access_denied)/.test(code);
  const held = code === 'microblog.post_held';
  const s = held ? 422 : status;
  return reply
    .status(s)
    .type('application/json')
    .send(oauth ? { error: code, error_description: body.error.message } : { error: body.error.message, code, ...(body.error.params ? { details: body.error.params } : {}) });
}

export function tokenOf(req: FastifyRequest): string | undefined {
  return tokens.get(req);
}

export function callerOf(oauth: OAuthService, req: FastifyRequest): Promise<Caller | null> {
  let c = callers.get(req);
  if (!c) {
    c = oauth.authenticate(tokens.get(req), req.ip);
    callers.set(req, c);
  }
  return c;
}

const allows = (scopes: string[], need: 'read' | 'write' | 'follow') => scopes.some((s) => s === need || s.startsWith(`${need}:`) || (need === 'follow' && (s === 'write' || s === 'write:follows')));

/** The person behind the token, holding the OAuth scope the route needs. */
export async function viewerOf(oauth: OAuthService, req: FastifyRequest, need: 'read' | 'write' | 'follow' = 'read'): Promise<Viewer> {
  const c = await callerOf(oauth, req);
  if (!c) throw new DomainError('unauthenticated', 'invalid_token', 'The access token is missing.');
  if (!c.viewer) throw unauthenticated('auth.user_required', 'This method requires an authenticated user.');
  if (!allows(c.scopes, need)) throw forbidden(`This action is outside the authorized scopes (needs ${need}).`);
  return c.viewer;
}

/** Mastodon's Link header: next (older, max_id) and prev (newer, min_id), keeping the other query parameters. */
export function linkHeader(req: FastifyRequest, reply: FastifyReply, items: Array<{ id: string }>): void {
  if (items.length === 0) return;
  const url = new URL(req.url, baseOf(req));
  const make = (k: 'max_id' | 'min_id', v: string) => {
    const u = new URL(url);
    for (const key of ['max_id', 'min_id', 'since_id']) u.searchParams.delete(key);
    u.searchParams.set(k, v);
    return `${baseOf(req)}${u.pathname}${u.search}`;
  };
  reply.header('link', `<${make('max_id', items[items.length - 1]!.id)}>; rel="next", <${make('min_id', items[0]!.id)}>; rel="prev"`);
}

export const truthy = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1 || v === 'on';
export const str = (v: unknown, max = 10_000): string | undefined => (typeof v === 'string' ? v.slice(0, max) : typeof v === 'number' ? String(v) : undefined);
export const arr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)]);
export const page = (q: Record<string, unknown>) => ({ limit: Number(q.limit) || 20, maxId: q.max_id as never, sinceId: q.since_id as never, minId: q.min_id as never });
