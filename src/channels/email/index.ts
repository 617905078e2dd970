/**
 * E-mail channel: IMAP in (polling by UID, or IDLE while streaming; cursor "UIDVALIDITY:lastUID"),
 * SMTP out. Threads follow Message-ID / In-Reply-To / References; Korean legacy charsets are decoded.
 */
import type { ImapFlow } from 'imapflow';
import { ChannelError, type AccountContext, type ChannelAdapter, type ChannelEvent, type FetchResult, type HealthReport, type ReplyLimits, type ReplyResult } from '../port.js';
import { closeQuietly, connectAndOpen, createClient, fetchNew, type Opened } from './imap.js';
import { credentialsSchema, readSettings, settingsSchema } from './settings.js';
import { sendMail, verifySmtp } from './smtp.js';
import { simulateEmail } from './simulator.js';

const MAX_REPLY_CHARS = 100_000;

function parseCursor(raw: string | undefined): { validity?: string; last?: number } {
  if (!raw) return {};
  const m = /^(\d+):(\d+)$/.exec(raw);
  if (!m) throw new ChannelError('invalid_request', 'e-mail cursor must be UIDVALIDITY:lastUID', false);
  return { validity: m[1], last: Number(m[2]) };
}

/** The last UID handed over, if the mailbox is still the same one (same UIDVALIDITY). */
function resumeFrom(cursor: { validity?: string; last?: number }, opened: Opened): number | undefined {
  return cursor.validity === opened.uidValidity ? cursor.last : undefined;
}

const upserts = (items: Awaited<ReturnType<typeof fetchNew>>['items']): ChannelEvent[] => items.map((item) => ({ type: 'upsert', item }));

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export const adapter: ChannelAdapter = {
  type: 'email',
  displayName: 'E-mail (IMAP/SMTP)',
  simulate: simulateEmail,
  settingsSchema,
  credentialsSchema,

  limits(): ReplyLimits {
    return { maxLength: MAX_REPLY_CHARS, lengthUnit: 'chars', canReplyPublicly: false, canReplyPrivately: true };
  },

  async fetch(account, raw, signal): Promise<FetchResult> {
    const s = readSettings(account);
    const cursor = parseCursor(raw);
    const client = createClient(s);
    const onAbort = (): void => client.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const opened = await connectAndOpen(client, s);
      const batch = await fetchNew(client, s, opened, resumeFrom(cursor, opened));
      return { events: upserts(batch.items), cursor: `${opened.uidValidity}:${batch.lastUid}`, more: batch.more };
    } finally {
      signal.removeEventListener('abort', onAbort);
      await closeQuietly(client);
    }
  },

  async stream(account, raw, onEvents, signal): Promise<void> {
    const s = readSettings(account);
    let cursor = parseCursor(raw);
    const inner = new AbortController();
    const stop = (): void => inner.abort();
    signal.addEventListener('abort', stop, { once: true });
    let failure: unknown;
    let delay = 1000;
    try {
      while (!inner.signal.aborted) {
        const client: ImapFlow = createClient(s, true);
        let chain = Promise.resolve();
        try {
          const opened = await connectAndOpen(client, s);
          delay = 1000;
          let last = resumeFrom(cursor, opened);
          const drain = async (): Promise<void> => {
            for (let more = true; more && !inner.signal.aborted; ) {
              const batch = await fetchNew(client, s, opened, last);
              last = batch.lastUid;
              more = batch.more;
              cursor = { validity: opened.uidValidity, last };
              if (batch.items.length) await onEvents(upserts(batch.items), `${opened.uidValidity}:${last}`);
            }
          };
          const enqueue = (): void => {
            chain = chain.then(drain).catch((err: unknown) => {
              if (!(err instanceof ChannelError) || !err.retryable) failure ??= err;
              client.close();
            });
          };
          client.on('exists', enqueue);
          enqueue();
          await new Promise<void>((resolve) => {
            client.once('close', resolve);
            inner.signal.addEventListener('abort', () => resolve(), { once: true });
          });
          await chain;
        } catch (err) {
          if (err instanceof ChannelError && !err.retryable) throw err;
        } finally {
          await closeQuietly(client);
        }
        if (failure) throw failure;
        if (inner.signal.aborted) break;
        await sleep(delay, inner.signal);
        delay = Math.min(delay * 2, 60_000);
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
  },

  async sendReply(account: AccountContext, reply): Promise<ReplyResult> {
    const s = readSettings(account);
    if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
    if ([...reply.text].length > MAX_REPLY_CHARS) throw new ChannelError('rule_violation', `reply longer than ${MAX_REPLY_CHARS} characters`, false);
    return { nativeId: await sendMail(s, account.id, reply) };
  },

  async health(account): Promise<HealthReport> {
    let s;
    try {
      s = readSettings(account);
    } catch (err) {
      return { status: 'down', message: (err as Error).message };
    }
    const problems: string[] = [];
    const client = createClient(s);
    try {
      await connectAndOpen(client, s);
    } catch (err) {
      problems.push((err as Error).message);
    } finally {
      await closeQuietly(client);
    }
    try {
      await verifySmtp(s);
    } catch (err) {
      problems.push((err as Error).message);
    }
    if (!problems.length) return { status: 'ok', message: `IMAP ${s.imap.host} and SMTP ${s.smtp.host} reachable` };
    return { status: problems.length === 2 ? 'down' : 'degraded', message: problems.join('; ') };
  },
};
