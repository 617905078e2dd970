/**
 * A local PDS for the demo: app-password sessions and the bank's post records (createRecord with the
 * derived record key, getRecord, deleteRecord, uploadBlob, getPosts), so demo posts really arrive (see
 * ChannelSimulator). Replies and chat are not simulated.
 */
import { createHash } from 'node:crypto';
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { bearerOf, simulatedAudience, simulatorToken, startHttpSimulator } from '../simulator-http.js';

const DID = 'did:plc:hanbitbankdemo0000000000';
const HANDLE = 'hanbitbank.bsky.social';
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
const cid = (s: string): string => `bafyrei${createHash('sha256').update(s).digest('hex').slice(0, 52)}`;

export async function simulateBluesky(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const password = simulatorToken();
  const access = simulatorToken();
  const records = new Map<string, { uri: string; cid: string; value: { text?: string; createdAt?: string } }>();
  let seq = 0;
  const server = await startHttpSimulator((req) => {
    const nsid = req.path.replace(/^\/xrpc\//, '');
    const b = (req.json ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && nsid === 'com.atproto.server.createSession') {
      if (b.identifier !== HANDLE || b.password !== password) return { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } };
      return { status: 200, body: { did: DID, handle: HANDLE, accessJwt: access, refreshJwt: `${access}.r`, active: true } };
    }
    if (bearerOf(req) !== access) return { status: 401, body: { error: 'AuthenticationRequired', message: 'Authentication Required' } };
    if (nsid === 'com.atproto.server.getSession') return { status: 200, body: { did: DID, handle: HANDLE, active: true } };
    if (nsid === 'com.atproto.identity.resolveHandle') return { status: 400, body: { error: 'InvalidRequest', message: 'Unable to resolve handle' } };
    if (nsid === 'com.atproto.repo.uploadBlob') return { status: 200, body: { blob: { $type: 'blob', ref: { $link: cid(req.body.toString('base64')) }, mimeType: req.headers['content-type'] ?? 'image/png', size: req.body.length } } };
    if (nsid === 'com.atproto.repo.getRecord') {
      const r = records.get(req.query.get('rkey') ?? '');
      return r ? { status: 200, body: r } : { status: 400, body: { error: 'RecordNotFound', message: 'Could not locate record' } };
    }
    if (req.method === 'POST' && nsid === 'com.atproto.repo.createRecord') {
      const record = (b.record ?? {}) as { text?: unknown; reply?: unknown };
      if (b.repo !== DID || typeof record.text !== 'string') return { status: 400, body: { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record' } };
      const rkey = typeof b.rkey === 'string' ? b.rkey : `3lsim${String(++seq).padStart(8, '0')}`;
      if (!TID.test(rkey)) return { status: 400, body: { error: 'InvalidRequest', message: `Invalid record key: ${rkey}` } };
      if (records.has(rkey)) return { status: 400, body: { error: 'InvalidRequest', message: 'Record already exists' } };
      const uri = `at://${DID}/app.bsky.feed.post/${rkey}`;
      records.set(rkey, { uri, cid: cid(uri), value: record as { text: string } });
      onSend({ nativeId: uri, kind: record.reply ? 'reply' : 'post', text: record.text, private: false, url: `https://bsky.app/profile/${HANDLE}/post/${rkey}` });
      return { status: 200, body: { uri, cid: cid(uri), validationStatus: 'valid' } };
    }
    if (req.method === 'POST' && nsid === 'com.atproto.repo.deleteRecord') {
      records.delete(String(b.rkey ?? ''));
      return { status: 200, body: {} };
    }
    if (nsid === 'app.bsky.notification.listNotifications') return { status: 200, body: { notifications: [] } };
    if (nsid === 'app.bsky.feed.getPosts') {
      const uris = req.query.getAll('uris');
      const posts = [...records.values()]
        .filter((r) => uris.includes(r.uri))
        .map((r) => {
          const a = simulatedAudience(r.value.createdAt ?? new Date());
          return { uri: r.uri, cid: r.cid, record: r.value, author: { did: DID, handle: HANDLE }, replyCount: a.replies, repostCount: a.reposts, likeCount: a.likes, quoteCount: 0, indexedAt: r.value.createdAt };
        });
      return { status: 200, body: { posts } };
    }
    return { status: 501, body: { error: 'MethodNotImplemented', message: `${nsid} is not simulated` } };
  });
  return { settings: { serviceUrl: server.url, jetstreamUrl: server.url.replace(/^http/, 'ws') }, credentials: { identifier: HANDLE, appPassword: password }, close: server.close };
}
