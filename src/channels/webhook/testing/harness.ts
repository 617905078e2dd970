/** Test wiring for the generic webhook adapter: a reply receiver that checks signatures, signed inbound requests. */
import { readFileSync } from 'node:fs';
import type { Clock } from '../../../platform/clock/clock.js';
import type { ContractHarness } from '../../adapter.contract.js';
import type { AccountContext, InboundRequest } from '../../port.js';
import { inboundRequest } from '../../testing/inbound.js';
import { sendJson, startLocalServer, type LocalServer, type RecordedRequest } from '../../testing/local-server.js';
import { createWebhookAdapter } from '../index.js';
import { checkSignature, signedHeaders } from '../signing.js';

export const SECRET = 'whsec_sotong_test_secret_0123456789';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

export function webhookAccount(replyUrl: string | undefined, settings: Record<string, unknown> = {}): AccountContext {
  return { id: 'acct-webhook-1', workspaceId: 'ws-1', settings: { source: 'kakaotalk', ...(replyUrl ? { replyUrl } : {}), ...settings }, credentials: { signingSecret: SECRET } };
}

export function signedRequest(raw: string | Buffer, now: Date = new Date(), secret = SECRET): InboundRequest {
  return inboundRequest({ body: raw, headers: signedHeaders(secret, raw, now) });
}

export interface Receiver {
  server: LocalServer;
  replyUrl: string;
  /** Signed reply POSTs received (pings excluded). */
  replies(): RecordedRequest[];
  /** Answer the next request with this status and headers. */
  answerNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let seq = 0;
  let next: { status: number; headers: Record<string, string>; body: unknown } | undefined;
  const server = await startLocalServer({
    handler: (req, res) => {
      const check = checkSignature(req.headers, req.rawBody, [SECRET], new Date());
      if (!check.ok) return sendJson(res, 401, { error: check.reason });
      if (next) {
        const n = next;
        next = undefined;
        return sendJson(res, n.status, n.body ?? { error: 'scripted' }, n.headers);
      }
      const body = req.body as { type?: string } | undefined;
      if (body?.type === 'ping') {
        res.writeHead(204).end();
        return;
      }
      sendJson(res, 201, { id: `rcv-${++seq}`, url: `https://chat.example/messages/rcv-${seq}` });
    },
  });
  return {
    server,
    replyUrl: `${server.url}/sotong/replies`,
    replies: () => server.requests.filter((r) => (r.body as { type?: string } | undefined)?.type === 'reply'),
    answerNext(status, headers = {}, body) {
      next = { status, headers, body };
    },
    close: () => server.close(),
  };
}

export async function webhookHarness(clock?: Clock): Promise<ContractHarness & { receiver: Receiver }> {
  const receiver = await startReceiver();
  const raw = fixtureText('batch-mixed.json');
  const headers = signedHeaders(SECRET, raw, new Date());
  return {
    receiver,
    adapter: createWebhookAdapter({ clock }),
    account: webhookAccount(receiver.replyUrl),
    inbound: {
      valid: signedRequest(raw),
      tampered: inboundRequest({ body: raw, headers: { ...headers, 'x-sotong-timestamp': String(Number(headers['x-sotong-timestamp']) - 1) } }),
      malformed: signedRequest('{"events":[{"id":"x","type":"tweet","author":{"id":"a"},"text":"","createdAt":"2026-11-20T00:00:00Z"}]}'),
    },
    replyTarget: { nativeId: 'kakao:5f0c2a1b7e0d4c3a9b8e1f2d', threadNativeId: 'kakao:Dc6bP2yZ0AbC', kind: 'direct_message', isPrivate: true, author: { nativeId: 'kakao:Dc6bP2yZ0AbC' }, createdAt: new Date() },
    replyPrivately: true,
    sentReplies: () => receiver.replies(),
    checkSentReply(sent, reply) {
      const req = sent as RecordedRequest;
      const body = req.body as { id: string; inReplyTo: { id: string; threadId?: string }; text: string; private: boolean };
      if (req.path !== '/sotong/replies') throw new Error(`reply went to ${req.path}`);
      if (body.id !== reply.idempotencyKey || req.headers['idempotency-key'] !== reply.idempotencyKey) throw new Error('idempotency key not passed on');
      if (body.inReplyTo.id !== reply.inReplyTo.nativeId || body.inReplyTo.threadId !== reply.inReplyTo.threadNativeId) throw new Error('wrong inReplyTo');
      if (body.text !== reply.text || body.private !== true) throw new Error('text or privacy altered');
    },
    breakServer: () => receiver.server.goAway(),
    close: () => receiver.close(),
  };
}
