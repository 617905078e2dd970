/**
 * A small scripted IMAP4rev1 server for tests (RFC 3501 subset plus IDLE, RFC 2177): CAPABILITY, LOGIN,
 * NAMESPACE, LIST, SELECT/EXAMINE, STATUS, UID SEARCH, (UID) FETCH of UID/FLAGS/INTERNALDATE/
 * RFC822.SIZE/BODY[], IDLE/DONE, NOOP, CLOSE, LOGOUT. One mailbox (INBOX); `deliver()` appends a
 * message and tells selected sessions with an untagged EXISTS (at once while they IDLE).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

interface Message {
  uid: number;
  flags: string[];
  internalDate: Date;
  source: Buffer;
}

type Arg = string | Arg[];

export interface ImapTestServer {
  port: number;
  uidValidity: number;
  messages: Message[];
  /** Every command line received (tag stripped), for assertions. */
  commands: string[];
  deliver(source: Buffer | string, internalDate?: Date): number;
  /** Drops every connection (clients should reconnect). */
  dropConnections(): void;
  close(): Promise<void>;
}

const CAPABILITIES = 'IMAP4rev1 IDLE NAMESPACE UIDPLUS LITERAL+';

function imapDate(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${months[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Parses the arguments of one command: atoms, "quoted", literals (already inlined) and (lists). */
function parseArgs(input: string): Arg[] {
  let i = 0;
  const list = (close?: string): Arg[] => {
    const out: Arg[] = [];
    while (i < input.length) {
      const c = input[i]!;
      if (c === ' ') i++;
      else if (close && c === close) {
        i++;
        return out;
      } else if (c === '(') {
        i++;
        out.push(list(')'));
      } else if (c === '"') {
        let s = '';
        i++;
        while (i < input.length && input[i] !== '"') (s += input[i] === '\\' ? input[++i] : input[i]), i++;
        i++;
        out.push(s);
      } else {
        let s = '';
        let depth = 0;
        while (i < input.length && (depth > 0 || (input[i] !== ' ' && input[i] !== ')' && input[i] !== '('))) {
          if (input[i] === '[') depth++;
          if (input[i] === ']') depth--;
          s += input[i++];
        }
        out.push(s);
      }
    }
    return out;
  };
  return list();
}

function inSet(set: string, n: number, max: number): boolean {
  return set.split(',').some((part) => {
    const [a, b] = part.split(':').map((x) => (x === '*' ? max : Number(x))) as [number, number | undefined];
    if (b === undefined) return n === a;
    return n >= Math.min(a, b) && n <= Math.max(a, b);
  });
}

export async function startImapServer(options: { user: string; pass: string; uidValidity?: number }): Promise<ImapTestServer> {
  const messages: Message[] = [];
  const commands: string[] = [];
  const sessions = new Set<{ selected: boolean; idling: string | undefined; knownExists: number; socket: net.Socket }>();
  let nextUid = 1;
  const uidValidity = options.uidValidity ?? 1767571200;

  const server = net.createServer((socket) => {
    const session = { selected: false, idling: undefined as string | undefined, knownExists: 0, socket, authed: false };
    sessions.add(session);
    let buffer = Buffer.alloc(0);
    const send = (line: string | Buffer): boolean => socket.write(line);
    const announce = (): void => {
      if (session.selected && session.knownExists !== messages.length) {
        session.knownExists = messages.length;
        send(`* ${messages.length} EXISTS\r\n`);
      }
    };

    const fetchItems = (seq: number, m: Message, items: string[], withUid: boolean): Buffer => {
      const parts: Array<string | Buffer> = [];
      const upper = items.map((x) => x.toUpperCase());
      if (withUid || upper.includes('UID')) parts.push(`UID ${m.uid}`);
      if (upper.includes('FLAGS')) parts.push(`FLAGS (${m.flags.join(' ')})`);
      if (upper.includes('INTERNALDATE')) parts.push(`INTERNALDATE "${imapDate(m.internalDate)}"`);
      if (upper.includes('RFC822.SIZE')) parts.push(`RFC822.SIZE ${m.source.length}`);
      if (upper.some((x) => x === 'BODY[]' || x === 'BODY.PEEK[]' || x === 'RFC822')) parts.push(Buffer.concat([Buffer.from(`BODY[] {${m.source.length}}\r\n`), m.source]));
      const chunks: Buffer[] = [Buffer.from(`* ${seq} FETCH (`)];
      parts.forEach((p, i) => chunks.push(Buffer.from(i ? ' ' : ''), Buffer.isBuffer(p) ? p : Buffer.from(p)));
      chunks.push(Buffer.from(')\r\n'));
      return Buffer.concat(chunks);
    };

    const handle = (tag: string, line: string): void => {
      commands.push(line);
      const args = parseArgs(line);
      let cmd = String(args.shift() ?? '').toUpperCase();
      let uid = false;
      if (cmd === 'UID') {
        uid = true;
        cmd = String(args.shift() ?? '').toUpperCase();
      }
      const ok = (text = `${cmd} completed`): void => {
        announce();
        send(`${tag} OK ${text}\r\n`);
      };
      const needAuth = !['CAPABILITY', 'LOGIN', 'LOGOUT', 'NOOP'].includes(cmd);
      if (needAuth && !session.authed) return void send(`${tag} NO Not authenticated\r\n`);
      switch (cmd) {
        case 'CAPABILITY':
          send(`* CAPABILITY ${CAPABILITIES}\r\n`);
          return ok();
        case 'LOGIN':
          if (args[0] !== options.user || args[1] !== options.pass) return void send(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n`);
          session.authed = true;
          return ok(`[CAPABILITY ${CAPABILITIES}] Logged in`);
        case 'NAMESPACE':
          send('* NAMESPACE (("" "/")) NIL NIL\r\n');
          return ok();
        case 'LIST':
        case 'LSUB': {
          const pattern = String(args[1] ?? '');
          if (pattern === '') send(`* ${cmd} (\\Noselect) "/" ""\r\n`);
          else if (pattern === '*' || pattern === '%' || pattern.toUpperCase() === 'INBOX') send(`* ${cmd} (\\HasNoChildren) "/" INBOX\r\n`);
          return ok();
        }
        case 'SELECT':
        case 'EXAMINE': {
          if (String(args[0]).toUpperCase() !== 'INBOX') return void send(`${tag} NO [NONEXISTENT] Mailbox doesn't exist\r\n`);
          session.selected = true;
          session.knownExists = messages.length;
          send(`* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* ${messages.length} EXISTS\r\n* 0 RECENT\r\n`);
          send(`* OK [UIDVALIDITY ${uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${nextUid}] Predicted next UID\r\n`);
          return ok(`[${cmd === 'SELECT' ? 'READ-WRITE' : 'READ-ONLY'}] ${cmd} completed`);
        }
        case 'STATUS': {
          send(`* STATUS INBOX (MESSAGES ${messages.length} UIDNEXT ${nextUid} UIDVALIDITY ${uidValidity} UNSEEN 0)\r\n`);
          return ok();
        }
        case 'SEARCH': {
          const max = uid ? Math.max(0, ...messages.map((m) => m.uid)) : messages.length;
          let hits = messages.map((m, i) => ({ m, seq: i + 1 }));
          for (let k = 0; k < args.length; k++) {
            const key = String(args[k]).toUpperCase();
            if (key === 'ALL') continue;
            if (key === 'UID') {
              const set = String(args[++k]);
              hits = hits.filter((h) => inSet(set, h.m.uid, max));
            } else if (/^[\d*:,]+$/.test(key)) hits = hits.filter((h) => inSet(key, h.seq, messages.length));
          }
          send(`* SEARCH${hits.map((h) => ` ${uid ? h.m.uid : h.seq}`).join('')}\r\n`);
          return ok();
        }
        case 'FETCH': {
          const set = String(args[0]);
          const rawItems = args[1];
          const items = (Array.isArray(rawItems) ? rawItems : [rawItems]).map(String);
          const max = uid ? Math.max(0, ...messages.map((m) => m.uid)) : messages.length;
          messages.forEach((m, i) => {
            if (inSet(set, uid ? m.uid : i + 1, max)) send(fetchItems(i + 1, m, items, uid));
          });
          return ok();
        }
        case 'IDLE':
          session.idling = tag;
          send('+ idling\r\n');
          announce();
          return;
        case 'NOOP':
        case 'CHECK':
          return ok();
        case 'CLOSE':
          session.selected = false;
          return ok();
        case 'LOGOUT':
          send('* BYE Logging out\r\n');
          send(`${tag} OK LOGOUT completed\r\n`);
          socket.end();
          return;
        default:
          send(`${tag} BAD Unknown command ${cmd}\r\n`);
      }
    };

    /** Splits the input into command lines, inlining {n} / {n+} literals. */
    const drain = (): void => {
      for (;;) {
        if (session.idling) {
          const nl = buffer.indexOf('\r\n');
          if (nl === -1) return;
          const word = buffer.subarray(0, nl).toString().trim().toUpperCase();
          buffer = buffer.subarray(nl + 2);
          if (word === 'DONE') {
            const t = session.idling;
            session.idling = undefined;
            send(`${t} OK IDLE terminated\r\n`);
          }
          continue;
        }
        let line = '';
        let pos = 0;
        for (;;) {
          const nl = buffer.indexOf('\r\n', pos);
          if (nl === -1) return;
          const piece = buffer.subarray(pos, nl).toString('utf8');
          const lit = /\{(\d+)(\+?)\}$/.exec(piece);
          if (!lit) {
            line += piece;
            pos = nl + 2;
            break;
          }
          const size = Number(lit[1]);
          if (buffer.length < nl + 2 + size) {
            if (!lit[2] && (session as { continued?: number }).continued === undefined) {
              (session as { continued?: number }).continued = nl;
              send('+ Ready for literal data\r\n');
            }
            return;
          }
          (session as { continued?: number }).continued = undefined;
          const data = buffer.subarray(nl + 2, nl + 2 + size).toString('utf8');
          line += piece.slice(0, lit.index) + `"${data.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
          pos = nl + 2 + size;
        }
        buffer = buffer.subarray(pos);
        const sp = line.indexOf(' ');
        if (sp === -1) continue;
        handle(line.slice(0, sp), line.slice(sp + 1));
      }
    };

    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      drain();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sessions.delete(session));
    send(`* OK [CAPABILITY ${CAPABILITIES}] Sotong test IMAP ready\r\n`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    uidValidity,
    messages,
    commands,
    deliver(source, internalDate = new Date()) {
      const m = { uid: nextUid++, flags: [], internalDate, source: Buffer.isBuffer(source) ? source : Buffer.from(source) };
      messages.push(m);
      for (const s of sessions)
        if (s.idling && s.selected) {
          s.knownExists = messages.length;
          s.socket.write(`* ${messages.length} EXISTS\r\n`);
        }
      return m.uid;
    },
    dropConnections() {
      for (const s of sessions) s.socket.destroy();
    },
    close() {
      for (const s of sessions) s.socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
