/** IMAP access with imapflow: connect, open the mailbox read-only, and take new messages by UID. */
import { ImapFlow } from 'imapflow';
import { ChannelError, type CanonicalItem } from '../port.js';
import { messageToItem } from './mapping.js';
import type { EmailSettings } from './settings.js';

export function createClient(s: EmailSettings, idle = false): ImapFlow {
  const client = new ImapFlow({
    host: s.imap.host,
    port: s.imap.port,
    secure: s.imap.secure,
    auth: { user: s.user, pass: s.pass },
    tls: { rejectUnauthorized: s.rejectUnauthorized },
    logger: false,
    disableAutoIdle: !idle,
    autoIdleDelay: 200,
    // re-issue IDLE now and then so a connection dropped silently (NAT, load balancer) is noticed
    ...(idle ? { maxIdleTime: 5 * 60_000 } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  });
  client.on('error', () => undefined);
  return client;
}

export function imapError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const e = err as { authenticationFailed?: boolean; code?: string; message?: string; responseText?: string };
  const detail = e?.responseText ?? e?.message ?? String(err);
  if (e?.authenticationFailed || e?.code === 'AUTHENTICATIONFAILED') return new ChannelError('auth_failed', `IMAP login failed: ${detail}`, false);
  if (e?.code === 'NONEXISTENT' || /doesn't exist|nonexistent/i.test(detail)) return new ChannelError('not_found', `IMAP mailbox: ${detail}`, false);
  return new ChannelError('unavailable', `IMAP: ${e?.code ? `${e.code} ` : ''}${detail}`, true);
}

export interface Opened {
  uidValidity: string;
  uidNext: number;
}

export async function connectAndOpen(client: ImapFlow, s: EmailSettings): Promise<Opened> {
  try {
    await client.connect();
    const mb = await client.mailboxOpen(s.mailbox, { readOnly: true });
    return { uidValidity: String(mb.uidValidity), uidNext: mb.uidNext };
  } catch (err) {
    client.close();
    throw imapError(err);
  }
}

export async function closeQuietly(client: ImapFlow): Promise<void> {
  if (!client.usable) return client.close();
  await Promise.race([client.logout().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  client.close();
}

export interface Batch {
  items: CanonicalItem[];
  lastUid: number;
  more: boolean;
}

/** Messages after `last` (or the newest `initialBatch` when there is no position yet), oldest first. */
export async function fetchNew(client: ImapFlow, s: EmailSettings, opened: Opened, last: number | undefined): Promise<Batch> {
  const from = last === undefined ? Math.max(1, opened.uidNext - s.initialBatch) : last + 1;
  try {
    const found = await client.search({ uid: `${from}:*` }, { uid: true });
    const pending = (found || []).filter((u) => u >= from).sort((a, b) => a - b);
    const batch = pending.slice(0, s.batchSize);
    if (!batch.length) return { items: [], lastUid: last ?? Math.max(0, opened.uidNext - 1), more: false };
    const sources: Array<{ uid: number; source: Buffer; internalDate?: Date }> = [];
    for await (const msg of client.fetch(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
      if (msg.source && batch.includes(msg.uid)) sources.push({ uid: msg.uid, source: msg.source, internalDate: msg.internalDate instanceof Date ? msg.internalDate : undefined });
    }
    sources.sort((a, b) => a.uid - b.uid);
    const items: CanonicalItem[] = [];
    for (const m of sources) items.push(await messageToItem(m.source, { uid: m.uid, uidValidity: opened.uidValidity, mailbox: s.mailbox, host: s.imap.host, internalDate: m.internalDate }, s.address));
    return { items, lastUid: batch.at(-1)!, more: pending.length > batch.length };
  } catch (err) {
    throw imapError(err);
  }
}
