import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { adapterContract } from '../adapter.contract.js';
import type { AccountContext, CanonicalItem, ChannelEvent, ReplyRequest } from '../port.js';
import { adapter } from './index.js';
import { replySubject } from './mapping.js';
import { startImapServer, type ImapTestServer } from './testing/imap-server.js';
import { startSmtpCapture, type SmtpCapture } from './testing/smtp-capture.js';

const USER = 'help@bank.example';
const PASS = '비밀번호-1234';
const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const FIXTURES = ['euc-kr-inquiry.eml', 'bank-answer.eml', 'ks_c_5601-1987-reply.eml', 'utf8-followup-attachment.eml'];
const ROOT = '20260105091500.4821@mail.example.co.kr';

interface Servers {
  imap: ImapTestServer;
  smtp: SmtpCapture;
  account: AccountContext;
  close(): Promise<void>;
}

async function startServers(settings: Record<string, unknown> = {}, password = PASS): Promise<Servers> {
  const imap = await startImapServer({ user: USER, pass: PASS });
  for (const f of FIXTURES) imap.deliver(fixture(f));
  const smtp = await startSmtpCapture({ user: USER, pass: PASS });
  const account: AccountContext = {
    id: 'acc-mail',
    workspaceId: 'ws1',
    settings: { address: USER, fromName: '소통은행 고객센터', imapHost: '127.0.0.1', imapPort: imap.port, imapSecure: false, smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpSecure: false, ...settings },
    credentials: { username: USER, password },
  };
  let closed = false;
  return { imap, smtp, account, close: async () => (closed ? undefined : ((closed = true), await Promise.all([imap.close(), smtp.close()]))) as unknown as void };
}

const items = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
const inquiry: ReplyRequest['inReplyTo'] = {
  nativeId: ROOT,
  threadNativeId: ROOT,
  kind: 'email',
  isPrivate: true,
  author: { nativeId: 'chulsoo.kim@mail.example.co.kr' },
  createdAt: new Date('2026-01-05T00:15:00Z'),
  title: '[문의] 체크카드 해외 결제 오류',
};

adapterContract('email', async () => {
  const s = await startServers();
  return {
    adapter,
    account: s.account,
    poll: true,
    stream: true,
    replyTarget: inquiry,
    replyPrivately: true,
    sentReplies: () => s.smtp.mails.map((m) => ({ to: m.envelope.to, subject: m.parsed.subject, text: m.parsed.text, inReplyTo: m.parsed.inReplyTo, references: m.parsed.references })),
    checkSentReply: (sent) => expect(sent).toMatchObject({ to: ['chulsoo.kim@mail.example.co.kr'], subject: 'Re: [문의] 체크카드 해외 결제 오류', inReplyTo: `<${ROOT}>` }),
    breakServer: () => s.close(),
    close: () => s.close(),
  };
});

describe('email adapter', () => {
  let s: Servers;
  afterEach(async () => s?.close());

  it('has fixtures in real legacy Korean encodings', () => {
    const euckr = fixture('euc-kr-inquiry.eml').toString('latin1');
    const body = Buffer.from(euckr.slice(euckr.indexOf('\r\n\r\n') + 4).replace(/\s+/g, ''), 'base64');
    expect(body.toString('utf8')).not.toContain('안녕하세요');
    expect(iconv.decode(body, 'euc-kr')).toContain('안녕하세요');
    const subject = /Subject: RE: =\?ks_c_5601-1987\?B\?([^?]+)\?=/.exec(fixture('ks_c_5601-1987-reply.eml').toString('latin1'))![1]!;
    expect(iconv.decode(Buffer.from(subject, 'base64'), 'ks_c_5601-1987')).toBe('[문의] 체크카드 해외 결제 오류');
  });

  it('reads mail by UID, decodes EUC-KR and ks_c_5601-1987, and threads by References', async () => {
    s = await startServers();
    const res = await adapter.fetch!(s.account, undefined, AbortSignal.timeout(10_000));
    expect(res.cursor).toBe(`${s.imap.uidValidity}:4`);
    expect(res.more).toBe(false);
    const [euckr, answer, ksc, followup] = items(res.events);
    expect(euckr).toMatchObject({
      nativeId: ROOT,
      kind: 'email',
      threadNativeId: ROOT,
      title: '[문의] 체크카드 해외 결제 오류',
      author: { nativeId: 'chulsoo.kim@mail.example.co.kr', displayName: '김철수' },
      isPrivate: true,
      direction: 'inbound',
      interactions: [],
    });
    expect(euckr!.parentNativeId).toBeUndefined();
    expect(euckr!.text).toBe('안녕하세요.\n체크카드가 해외에서 결제가 안 됩니다.\n카드번호 뒷자리는 1234입니다.\n확인 부탁드립니다.\n\n김철수 드림');
    expect(euckr!.createdAt.toISOString()).toBe('2026-01-05T00:15:00.000Z');
    expect(answer).toMatchObject({ nativeId: '8f2c1e0a9b7d4c3e@bank.example', direction: 'outbound', parentNativeId: ROOT, threadNativeId: ROOT, text: '해외 결제 차단 설정을 확인해 주세요.' });
    expect(ksc).toMatchObject({
      nativeId: '000001db5f2a$3c4d5e60$b5e81b20$@mail.example.co.kr',
      title: 'RE: [문의] 체크카드 해외 결제 오류',
      parentNativeId: '8f2c1e0a9b7d4c3e@bank.example',
      threadNativeId: ROOT,
      interactions: [{ type: 'reply', target: { nativeId: 'help@bank.example', displayName: '소통은행 고객센터' }, targetItemNativeId: '8f2c1e0a9b7d4c3e@bank.example' }],
    });
    expect(ksc!.text).toContain('말씀하신 대로 해외 결제 차단을 해제했는데도 여전히 안 됩니다.');
    expect(followup).toMatchObject({ parentNativeId: '77aa01bb02cc@bank.example', threadNativeId: ROOT, links: ['https://bank.example/help/overseas'], media: [{ type: 'file', mimeType: 'application/pdf' }] });
    expect(followup!.text).toBe('추가로 거래 내역서를 첨부합니다.\nhttps://bank.example/help/overseas 안내도 읽어봤어요.');
    expect(followup!.media[0]!.url).toBe(`mid:${encodeURIComponent('CAFx7=q3k2m+Lq@mail.example.co.kr')}/${encodeURIComponent('거래내역.pdf')}`);
    expect(s.imap.commands).toContain('EXAMINE INBOX');
  });

  it('pages by UID, resumes from the cursor and starts over when UIDVALIDITY changes', async () => {
    s = await startServers({ batchSize: 3, initialBatch: 3 });
    const first = await adapter.fetch!(s.account, undefined, AbortSignal.timeout(10_000));
    expect(items(first.events).map((i) => i.nativeId)).toEqual(['8f2c1e0a9b7d4c3e@bank.example', '000001db5f2a$3c4d5e60$b5e81b20$@mail.example.co.kr', 'CAFx7=q3k2m+Lq@mail.example.co.kr']);
    const quiet = await adapter.fetch!(s.account, first.cursor, AbortSignal.timeout(10_000));
    expect(quiet).toMatchObject({ events: [], cursor: first.cursor, more: false });
    for (let i = 0; i < 4; i++) s.imap.deliver(fixture('euc-kr-inquiry.eml').toString('latin1').replace('4821@', `48${i}9@`));
    const a = await adapter.fetch!(s.account, quiet.cursor, AbortSignal.timeout(10_000));
    expect(a.more).toBe(true);
    const b = await adapter.fetch!(s.account, a.cursor, AbortSignal.timeout(10_000));
    expect(b.more).toBe(false);
    expect([...items(a.events), ...items(b.events)].map((i) => i.nativeId)).toEqual([0, 1, 2, 3].map((i) => `20260105091500.48${i}9@mail.example.co.kr`));
    expect(b.cursor).toBe(`${s.imap.uidValidity}:8`);
    const reset = await adapter.fetch!(s.account, `1:8`, AbortSignal.timeout(10_000));
    expect(items(reset.events)).toHaveLength(3);
  });

  it('streams new mail with IDLE and reconnects after the connection drops', async () => {
    s = await startServers();
    const controller = new AbortController();
    const got: CanonicalItem[] = [];
    const cursors: string[] = [];
    const timer = setTimeout(() => controller.abort(), 15_000);
    const done = adapter.stream!(
      s.account,
      `${s.imap.uidValidity}:4`,
      async (events, cursor) => {
        got.push(...items(events));
        if (cursor) cursors.push(cursor);
        if (got.length >= 2) controller.abort();
      },
      controller.signal,
    );
    const until = async (p: () => boolean): Promise<void> => {
      while (!p()) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => s.imap.commands.includes('IDLE'));
    s.imap.deliver(fixture('euc-kr-inquiry.eml').toString('latin1').replace('4821@', '5001@'));
    await until(() => got.length === 1);
    s.imap.dropConnections();
    await until(() => s.imap.commands.filter((c) => c === 'IDLE').length >= 2);
    s.imap.deliver(fixture('euc-kr-inquiry.eml').toString('latin1').replace('4821@', '5002@'));
    await done;
    clearTimeout(timer);
    expect(got.map((i) => i.nativeId)).toEqual(['20260105091500.5001@mail.example.co.kr', '20260105091500.5002@mail.example.co.kr']);
    expect(cursors).toEqual([`${s.imap.uidValidity}:5`, `${s.imap.uidValidity}:6`]);
  });

  it('replies with In-Reply-To, References, one "Re:" and a Message-ID stable per idempotency key', async () => {
    s = await startServers();
    const reply = {
      inReplyTo: { ...inquiry, nativeId: '000001db5f2a$3c4d5e60$b5e81b20$@mail.example.co.kr', title: 'RE: [문의] 체크카드 해외 결제 오류' },
      text: '불편을 드려 죄송합니다.\n해외 결제 한도를 확인했습니다.',
      private: true,
      idempotencyKey: 'case-77',
    };
    const r1 = await adapter.sendReply(s.account, reply);
    const r2 = await adapter.sendReply(s.account, reply);
    expect(r1.nativeId).toBe(r2.nativeId);
    expect(r1.nativeId).toMatch(/^[0-9a-f]{32}@bank\.example$/);
    const mail = s.smtp.mails[0]!;
    expect(mail.envelope).toEqual({ from: USER, to: ['chulsoo.kim@mail.example.co.kr'] });
    expect(mail.parsed.subject).toBe('RE: [문의] 체크카드 해외 결제 오류');
    expect(mail.parsed.inReplyTo).toBe('<000001db5f2a$3c4d5e60$b5e81b20$@mail.example.co.kr>');
    expect(mail.parsed.references).toEqual([`<${ROOT}>`, '<000001db5f2a$3c4d5e60$b5e81b20$@mail.example.co.kr>']);
    expect(mail.parsed.messageId).toBe(`<${r1.nativeId}>`);
    expect(mail.parsed.from?.value).toEqual([{ address: USER, name: '소통은행 고객센터' }]);
    expect(mail.parsed.text?.trim()).toBe('불편을 드려 죄송합니다.\n해외 결제 한도를 확인했습니다.');
    expect(replySubject('[문의] 카드')).toBe('Re: [문의] 카드');
    expect(replySubject('회신: 카드')).toBe('회신: 카드');
  });

  it('maps login failures to auth_failed and reports health', async () => {
    s = await startServers({}, 'wrong');
    await expect(adapter.fetch!(s.account, undefined, AbortSignal.timeout(10_000))).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    await expect(adapter.sendReply(s.account, { inReplyTo: inquiry, text: '안녕하세요', private: true, idempotencyKey: 'x' })).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    await expect(adapter.stream!(s.account, undefined, async () => {}, AbortSignal.timeout(10_000))).rejects.toMatchObject({ code: 'auth_failed' });
    const health = await adapter.health(s.account);
    expect(health.status).toBe('down');
    expect(health.message).toMatch(/IMAP login failed/);
  });
});
