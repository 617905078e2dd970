import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords, importRecords, recordToEvent } from '../../src/flows/import/parse.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { runCli } from '../support/io.js';

describe('import parsing', () => {
  it('reads RFC 4180 CSV: quotes, doubled quotes, commas and newlines in fields, CRLF, BOM', () => {
    const text = '\uFEFFid,text\r\n1,"안녕, ""소통""\n두 줄"\r\n\r\n2,plain\n';
    expect([...csvRecords(text)]).toEqual([
      { line: 1, fields: ['id', 'text'] },
      { line: 2, fields: ['1', '안녕, "소통"\n두 줄'] },
      { line: 5, fields: ['2', 'plain'] },
    ]);
  });
  it('reports rows with the wrong number of fields and a header without required columns', () => {
    expect([...importRecords('id,author_id,text,created_at\n1,a,x\n', 'csv')]).toEqual([{ line: 2, error: 'expected 4 fields, found 3' }]);
    expect([...importRecords('id,text\n1,x\n', 'csv')][0]!.error).toMatch(/author_id, created_at/);
  });
  it('validates records', () => {
    expect(recordToEvent({ id: '1', author_id: 'a', text: 't', created_at: 'yesterday' }).error).toMatch(/created_at is not a date/);
    expect(recordToEvent({ id: '1', author_id: 'a', text: 't', created_at: '2026-01-01', kind: 'tweet' }).error).toMatch(/kind must be one of/);
    expect(recordToEvent({ id: '1', author_id: 'a', text: 't', created_at: '2026-01-01', followers: '-3' }).error).toMatch(/followers/);
    const ok = recordToEvent({ id: '9', author_id: 'a', text: 'see https://bank.test/x', created_at: '2026-01-01T00:00:00+09:00', parent_id: '8' }).event!;
    expect(ok.type === 'upsert' && ok.item).toMatchObject({ kind: 'reply', parentNativeId: '8', links: ['https://bank.test/x'] });
  });
});

describe('import end to end', () => {
  let server: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    server = await startTestServer();
    api = new ApiClient(server.url);
    await api.login(server.admin.email, server.admin.password);
  });
  afterAll(async () => server.close());

  it('validates settings and credentials against the channel’s schemas, naming the field', async () => {
    const r = await api.post(`/api/v1/w/${server.admin.workspaceId}/accounts`, { type: 'webhook', name: 'app', settings: { replyUrl: 'not a url' }, credentials: { signingSecret: 'long-enough-secret-123' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'account.invalid_settings', field: 'settings.replyUrl' });
    const c = await api.post(`/api/v1/w/${server.admin.workspaceId}/accounts`, { type: 'webhook', name: 'app', credentials: {} });
    expect(c.body.error).toMatchObject({ code: 'account.invalid_credentials', field: 'credentials.signingSecret' });
  });

  it('imports a CSV through the API with progress, row errors and dedupe on re-import', async () => {
    const ws = server.admin.workspaceId;
    const rows = ['id,author_id,author_handle,text,created_at,kind'];
    for (let i = 0; i < 1200; i++) rows.push(`h${i},u${i % 50},user${i % 50},"카드 문의 ${i}번, 답변 부탁드려요",2026-10-01T0${i % 10}:00:00Z,post`);
    rows.push('bad1,u1,user1,x,not-a-date,post');
    const csv = rows.join('\n');
    const start = await api.request('POST', `/api/v1/w/${ws}/imports?channel=webhook&format=csv&name=history.csv`, csv, { 'content-type': 'text/csv' });
    expect(start.status).toBe(202);
    const id = start.body.import.id;
    await expect.poll(async () => (await api.get(`/api/v1/w/${ws}/imports/${id}`)).body.import.status, { timeout: 30_000 }).toBe('done');
    const done = (await api.get(`/api/v1/w/${ws}/imports/${id}`)).body.import;
    expect(done).toMatchObject({ total: 1201, processed: 1201, failed: 1, errors: [{ line: 1202, message: 'created_at is not a date: "not-a-date"' }] });
    const again = await api.request('POST', `/api/v1/w/${ws}/imports?channel=webhook&format=csv`, csv, { 'content-type': 'text/csv' });
    await expect.poll(async () => (await api.get(`/api/v1/w/${ws}/imports/${again.body.import.id}`)).body.import.status, { timeout: 30_000 }).toBe('done');
    const items = await api.get(`/api/v1/w/${ws}/items?limit=200&q=${encodeURIComponent('카드 문의 1199번')}`);
    expect(items.body.items).toHaveLength(1);
    const count = await server.runtime.services.store.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1200);
    // Keyset paging walks every item even though a batch shares one receivedAt.
    const seen = new Set<string>();
    let before: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextBefore: string | null } } = await api.get(`/api/v1/w/${ws}/items?limit=200${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      for (const i of page.body.items) seen.add(i.id);
      before = page.body.nextBefore;
    } while (before);
    expect(seen.size).toBe(1200);
    const unknown = await api.request('POST', `/api/v1/w/${ws}/imports?channel=nope&format=csv`, csv, { 'content-type': 'text/csv' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('account.unknown_channel');
  }, 120_000);
});

describe('sotong import', () => {
  it('imports JSONL with a progress bar, reports bad lines and exits 3', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-imp-'));
    const env = { SOTONG_DATA_DIR: dir };
    expect((await runCli(['workspace', 'add', '--name', 'I', '--slug', 'imp'], env)).code).toBe(0);
    const file = path.join(dir, 'history.jsonl');
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `j${i}`, author_id: 'a', text: `메시지 ${i}`, created_at: '2026-09-01T00:00:00Z' }));
    lines.splice(5, 0, '{oops');
    fs.writeFileSync(file, lines.join('\n'));
    const r = await runCli(['import', file, '--channel', 'webhook', '--workspace', 'imp'], env);
    expect(r.stdout).toBe('imported 30 of 31 rows into imp (1 skipped)\n');
    expect(r.stderr).toMatch(/\[#{30}\] 100% 31\/31 rows, 1 skipped/);
    expect(r.stderr).toMatch(/line 6: not JSON/);
    expect(r.code).toBe(3);
    expect((await runCli(['import', file, '--channel', 'webhook'], env)).code).toBe(2);
    fs.rmSync(dir, { recursive: true });
  });
});
