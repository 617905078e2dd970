/** Replies over SMTP with nodemailer: threaded with In-Reply-To/References, "Re:" subject, stable Message-ID. */
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { ChannelError, type ReplyRequest } from '../port.js';
import { bareId, replySubject } from './mapping.js';
import type { EmailSettings } from './settings.js';

function transport(s: EmailSettings): Transporter {
  return nodemailer.createTransport({
    host: s.smtp.host,
    port: s.smtp.port,
    secure: s.smtp.secure,
    auth: { user: s.smtpUser, pass: s.smtpPass },
    tls: { rejectUnauthorized: s.rejectUnauthorized },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

export function smtpError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const detail = `SMTP ${e?.code ?? ''} ${e?.responseCode ?? ''}: ${e?.response ?? e?.message ?? String(err)}`.replace(/\s+/g, ' ');
  if (e?.code === 'EAUTH' || e?.responseCode === 535 || e?.responseCode === 530) return new ChannelError('auth_failed', detail, false);
  if (e?.responseCode === 552 || e?.responseCode === 554) return new ChannelError('rule_violation', detail, false);
  if (e?.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500) return new ChannelError('unavailable', detail, true);
  if (e?.code === 'EENVELOPE' || (e?.responseCode !== undefined && e.responseCode >= 500)) return new ChannelError('invalid_request', detail, false);
  return new ChannelError('unavailable', detail, true);
}

/** The same idempotency key always gives the same Message-ID, so a retried send can be recognised downstream. */
export function replyMessageId(accountId: string, idempotencyKey: string, address: string): string {
  const domain = address.split('@')[1] ?? 'localhost';
  return `${createHash('sha256').update(`${accountId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}@${domain}`;
}

export async function sendMail(s: EmailSettings, accountId: string, reply: ReplyRequest): Promise<string> {
  const target = reply.inReplyTo;
  const to = target.author.nativeId;
  if (!/^[^\s@]+@[^\s@]+$/.test(to)) throw new ChannelError('invalid_request', `cannot reply by e-mail to "${to}"`, false);
  const parent = bareId(target.nativeId);
  const root = target.threadNativeId ? bareId(target.threadNativeId) : undefined;
  const references = [...new Set([root, parent].filter((x): x is string => !!x))].map((id) => `<${id}>`);
  const messageId = replyMessageId(accountId, reply.idempotencyKey, s.address);
  const t = transport(s);
  try {
    await t.sendMail({
      from: s.fromName ? { name: s.fromName, address: s.address } : s.address,
      to,
      subject: replySubject(target.title),
      text: reply.text,
      messageId: `<${messageId}>`,
      inReplyTo: `<${parent}>`,
      references,
    });
    return messageId;
  } catch (err) {
    throw smtpError(err);
  } finally {
    t.close();
  }
}

export async function verifySmtp(s: EmailSettings): Promise<void> {
  const t = transport(s);
  try {
    await t.verify();
  } catch (err) {
    throw smtpError(err);
  } finally {
    t.close();
  }
}
