/**
 * Local receivers for the listening notifications: an SMTP server that keeps every mail it is sent
 * (parsed), and an HTTP server that keeps every webhook delivery and checks its HMAC signature
 * (docs/channels/webhook.md) with the secret the test sets once the channel has shown it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { checkSignature } from '../../src/channels/webhook/signing.js';

export interface SmtpSink {
  port: number;
  /** Every mail received, in order. */
  mails: ParsedMail[];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 (no TLS); with `login`, AUTH PLAIN/LOGIN is required and only that login accepted. */
export async function startSmtpSink(opts: { login?: { user: string; password: string } } = {}): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  const { login } = opts;
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...(login
      ? {
          allowInsecureAuth: true,
          authMethods: ['PLAIN', 'LOGIN'],
          onAuth: (auth, _s, cb) => (auth.username === login.user && auth.password === login.password ? cb(null, { user: login.user }) : cb(new Error('bad login'))),
        }
      : { authOptional: true }),
    onData(stream, _s, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => void simpleParser(Buffer.concat(chunks)).then((m) => (mails.push(m), cb()), cb));
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  return {
    port: (smtp.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}

export interface ReceivedHook {
  /** The x-sotong-event header. */
  event: string;
  /** The x-sotong-signature header. */
  signature: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  /** The body parsed as JSON (the text when it is not JSON). */
  body: unknown;
  /** The signature checked out with `secret`. */
  verified: boolean;
}

export interface HookReceiver {
  /** Where to point a webhook channel. */
  url: string;
  /** Every delivery received, in order. */
  hooks: ReceivedHook[];
  /** The signing secret to check deliveries with; none verify while it is empty. */
  secret: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers 204 to correctly signed deliveries and 401 to the others; `now` is the clock signatures are checked against. */
export async function startHookReceiver(opts: { now?: () => Date } = {}): Promise<HookReceiver> {
  const now = opts.now ?? (() => new Date());
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const verified = receiver.secret !== '' && checkSignature(headers, raw, [receiver.secret], now()).ok;
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
      receiver.hooks.push({ event: String(req.headers['x-sotong-event']), signature: String(req.headers['x-sotong-signature']), headers: req.headers, raw, body, verified });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const receiver: HookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hooks: [],
    secret: '',
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return receiver;
}
