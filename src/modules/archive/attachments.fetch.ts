/**
 * Fetches one attachment file for the archive with strict limits: http or https only; every address the
 * host name resolves to must be public (no loopback, private, link-local, CGNAT, multicast or reserved
 * address, IPv4-mapped included) unless the host is on the allow-list (SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS);
 * the connection goes to the addresses that were checked (no second resolution to rebind); at most
 * MAX_REDIRECTS redirects, each checked again the same way; a size limit (Content-Length and the bytes
 * actually read); one time limit for the whole fetch. Refusals are permanent (`retry: false`); a server
 * error, a timeout or a network failure may be retried.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export const MAX_REDIRECTS = 3;

export interface FetchLimits {
  /** Host names (lower case) that may resolve to non-public addresses (tests, an internal CDN). */
  allowHosts: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { allowHosts: [], maxBytes: 25 * 1024 * 1024, timeoutMs: 30_000 };

export class FetchRefused extends Error {
  constructor(
    message: string,
    /** Whether trying again later may succeed (server error, timeout, network), or never (refused by policy). */
    readonly retry: boolean,
  ) {
    super(message);
  }
}

const blocked = new net.BlockList();
for (const [a, p] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  blocked.addSubnet(a, p, 'ipv4');
for (const [a, p] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(a, p, 'ipv6');

/** Whether an address is one a fetch may not reach (private, loopback, link-local, reserved). */
export function isNonPublic(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupAll = (hostname: string, options: dns.LookupOptions, cb: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => void;

/** A lookup for the request that refuses non-public addresses (unless allowed) and answers with those it checked. */
function guardedLookup(allowed: boolean): LookupAll {
  return (hostname, options, cb) => {
    dns.lookup(hostname, { all: true }, (err, addresses) => {
      if (err) return cb(err, []);
      const bad = addresses.find((a) => isNonPublic(a.address));
      if (bad && !allowed) return cb(Object.assign(new FetchRefused(`refused: ${hostname} resolves to a non-public address (${bad.address})`, false), { code: 'ESSRF' }), []);
      if (options.all) return cb(null, addresses);
      return cb(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export interface Fetched {
  bytes: Buffer;
  contentType: string | null;
  finalUrl: string;
}

/** Fetches `url` under the limits; throws FetchRefused with the reason. */
export async function fetchAttachment(url: string, limits: FetchLimits): Promise<Fetched> {
  const deadline = Date.now() + limits.timeoutMs;
  let current = url;
  for (let hop = 0; ; hop++) {
    let u: URL;
    try {
      u = new URL(current);
    } catch {
      throw new FetchRefused(`refused: not a URL (${current.slice(0, 200)})`, false);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchRefused(`refused: only http and https are fetched, not ${u.protocol}`, false);
    if (u.username || u.password) throw new FetchRefused('refused: a URL with credentials', false);
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const allowed = limits.allowHosts.includes(host);
    if (!allowed && net.isIP(host) && isNonPublic(host)) throw new FetchRefused(`refused: ${host} is a non-public address`, false);
    const r = await once(u, allowed, limits, deadline);
    if ('redirect' in r) {
      if (hop >= MAX_REDIRECTS) throw new FetchRefused(`refused: more than ${MAX_REDIRECTS} redirects`, false);
      current = new URL(r.redirect, u).toString();
      continue;
    }
    return { ...r, finalUrl: u.toString() };
  }
}

function once(u: URL, allowed: boolean, limits: FetchLimits, deadline: number): Promise<{ redirect: string } | { bytes: Buffer; contentType: string | null }> {
  return new Promise((resolve, reject) => {
    const left = deadline - Date.now();
    if (left <= 0) return reject(new FetchRefused(`timed out after ${limits.timeoutMs} ms`, true));
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, { method: 'GET', lookup: guardedLookup(allowed) as never, headers: { 'user-agent': 'Sotong-Archive/1', accept: '*/*' }, agent: false });
    const timer = setTimeout(() => req.destroy(new FetchRefused(`timed out after ${limits.timeoutMs} ms`, true)), left);
    const done = (f: () => void) => {
      clearTimeout(timer);
      f();
    };
    req.on('error', (err) => done(() => reject(err instanceof FetchRefused ? err : new FetchRefused(`network: ${(err as NodeJS.ErrnoException).code ?? err.message}`, true))));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return done(() => resolve({ redirect: res.headers.location! }));
      }
      if (status !== 200) {
        res.resume();
        return done(() => reject(new FetchRefused(`HTTP ${status}`, status >= 500 || status === 408 || status === 429)));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        req.destroy();
        return done(() => reject(new FetchRefused(`refused: ${declared} bytes is over the limit of ${limits.maxBytes}`, false)));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limits.maxBytes) {
          req.destroy(new FetchRefused(`refused: over the limit of ${limits.maxBytes} bytes`, false));
          return;
        }
        chunks.push(c);
      });
      res.on('error', (err) => done(() => reject(err instanceof FetchRefused ? err : new FetchRefused(`network: ${err.message}`, true))));
      res.on('end', () => done(() => resolve({ bytes: Buffer.concat(chunks), contentType: typeof res.headers['content-type'] === 'string' ? res.headers['content-type'].slice(0, 200) : null })));
    });
    req.end();
  });
}
