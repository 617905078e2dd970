/**
 * A local mail server for the demo: SMTP takes the bank's answers the way a mail server does (see
 * ChannelSimulator); an empty IMAP mailbox (the tests' scripted server) answers the account's health
 * check — the demo's incoming mail is the bundled data, never fetched.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ChannelSimulator, SimulatedSend } from '../port.js';
import { simulatorToken } from '../simulator-http.js';
import { startImapServer } from './testing/imap-server.js';

const ADDRESS = 'care@hanbit.example.com';

export async function simulateEmail(onSend: (sent: SimulatedSend) => void): Promise<ChannelSimulator> {
  const password = simulatorToken();
  const server = net.createServer((socket) => {
    let buffer = '';
    let data: string[] | null = null;
    let authed = false;
    const say = (line: string) => socket.write(`${line}\r\n`);
    const deliver = async (raw: string) => {
      const mail = await simpleParser(raw);
      const bare = (id: string | undefined) => id?.replace(/^<|>$/g, '');
      const inReplyTo = bare(typeof mail.inReplyTo === 'string' ? mail.inReplyTo : undefined);
      onSend({
        nativeId: bare(mail.messageId) ?? `demo-${Date.now()}@hanbit.example.com`,
        kind: 'email',
        text: (mail.text ?? '').trim(),
        private: true,
        ...(inReplyTo ? { inReplyToNativeId: inReplyTo } : {}),
        ...(mail.subject ? { title: mail.subject } : {}),
      });
    };
    say('220 hanbit.example.com ESMTP demo');
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (data) {
          if (line === '.') {
            const raw = data.join('\r\n');
            data = null;
            deliver(raw).then(
              () => say('250 2.0.0 queued'),
              () => say('554 5.6.0 message not understood'),
            );
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO') say('250-hanbit.example.com\r\n250-AUTH PLAIN\r\n250-8BITMIME\r\n250 SMTPUTF8');
        else if (verb === 'HELO') say('250 hanbit.example.com');
        else if (verb === 'AUTH') {
          const creds = Buffer.from(line.split(' ')[2] ?? '', 'base64')
            .toString('utf8')
            .split('\0');
          authed = creds[2] === password;
          say(authed ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
        } else if (!authed && (verb === 'MAIL' || verb === 'RCPT' || verb === 'DATA')) say('530 5.7.0 Authentication required');
        else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') say('250 2.1.0 OK');
        else if (verb === 'DATA') {
          data = [];
          say('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          say('221 2.0.0 Bye');
          socket.end();
        } else say('502 5.5.2 Command not recognised');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const imap = await startImapServer({ user: ADDRESS, pass: password }).catch(async (err: unknown) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  });
  return {
    settings: { address: ADDRESS, fromName: '한빛은행 고객센터', imapHost: '127.0.0.1', imapPort: imap.port, imapSecure: false, smtpHost: '127.0.0.1', smtpPort: port, smtpSecure: false },
    credentials: { password },
    close: async () => {
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), imap.close()]);
    },
  };
}
