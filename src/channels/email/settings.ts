/** E-mail account settings and credentials (IMAP in, SMTP out). */
import { ChannelError, type AccountContext } from '../port.js';

export interface EmailSettings {
  address: string;
  fromName?: string;
  imap: { host: string; port: number; secure: boolean };
  smtp: { host: string; port: number; secure: boolean };
  mailbox: string;
  initialBatch: number;
  batchSize: number;
  rejectUnauthorized: boolean;
  user: string;
  pass: string;
  smtpUser: string;
  smtpPass: string;
}

export function readSettings(account: AccountContext): EmailSettings {
  const s = account.settings;
  const c = account.credentials;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const int = (v: unknown, d: number): number => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : d);
  const address = str(s.address);
  const imapHost = str(s.imapHost);
  const smtpHost = str(s.smtpHost) ?? imapHost;
  if (!address || !imapHost || !smtpHost) throw new ChannelError('invalid_request', 'e-mail accounts need settings.address, settings.imapHost and settings.smtpHost', false);
  const user = c.username ?? address;
  const pass = c.password;
  if (!pass) throw new ChannelError('auth_failed', 'e-mail accounts need credentials.password', false);
  const imapPort = int(s.imapPort, 993);
  const smtpPort = int(s.smtpPort, 465);
  return {
    address,
    fromName: str(s.fromName),
    imap: { host: imapHost, port: imapPort, secure: typeof s.imapSecure === 'boolean' ? s.imapSecure : imapPort === 993 },
    smtp: { host: smtpHost, port: smtpPort, secure: typeof s.smtpSecure === 'boolean' ? s.smtpSecure : smtpPort === 465 },
    mailbox: str(s.mailbox) ?? 'INBOX',
    initialBatch: int(s.initialBatch, 20),
    batchSize: int(s.batchSize, 50),
    rejectUnauthorized: s.tlsRejectUnauthorized !== false,
    user,
    pass,
    smtpUser: c.smtpUsername ?? user,
    smtpPass: c.smtpPassword ?? pass,
  };
}

export const settingsSchema = {
  type: 'object',
  required: ['address', 'imapHost'],
  properties: {
    address: { type: 'string', format: 'email', description: 'The mailbox address; mail from it is outbound, replies are sent from it.' },
    fromName: { type: 'string', description: 'Display name on replies.' },
    imapHost: { type: 'string' },
    imapPort: { type: 'integer', default: 993 },
    imapSecure: { type: 'boolean', description: 'Implicit TLS; defaults to true on port 993 (STARTTLS is used when offered otherwise).' },
    smtpHost: { type: 'string', description: 'Defaults to imapHost.' },
    smtpPort: { type: 'integer', default: 465 },
    smtpSecure: { type: 'boolean', description: 'Implicit TLS; defaults to true on port 465.' },
    mailbox: { type: 'string', default: 'INBOX' },
    initialBatch: { type: 'integer', default: 20, description: 'How many of the newest messages the first poll takes.' },
    batchSize: { type: 'integer', default: 50 },
    tlsRejectUnauthorized: { type: 'boolean', default: true },
  },
};

export const credentialsSchema = {
  type: 'object',
  required: ['password'],
  properties: {
    username: { type: 'string', description: 'IMAP/SMTP login; defaults to the address.' },
    password: { type: 'string' },
    smtpUsername: { type: 'string' },
    smtpPassword: { type: 'string' },
  },
};
