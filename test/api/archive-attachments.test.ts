import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { verifyPackage } from '../../src/modules/archive/index.js';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { sign, testChannel } from '../support/test-channel.js';
import { waitFor } from '../inbox/harness.js';

/**
 * The whole program (issue #19): a message with an image arrives over a signed webhook, the capture flow
 * archives it, the attachment worker (the services' wiring: storage port, SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS
 * from the config) holds the file in the local files folder, and the package downloaded over HTTP carries
 * it and verifies.
 */
const SECRET = 'archive-attach-secret';
const feed = testChannel([], 'feedchan');
const IMAGE = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), crypto.randomBytes(2048)]);
const IMAGE_SHA = crypto.createHash('sha256').update(IMAGE).digest('hex');

let server: TestServer;
let cdn: http.Server;
let cdnPort = 0;
let comp: ApiClient;
let ws: string;
let hook: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-archive-att-'));

beforeAll(async () => {
  cdn = http.createServer((req, res) => (req.url === '/card.png' ? res.writeHead(200, { 'content-type': 'image/png' }).end(IMAGE) : res.writeHead(404).end()));
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
  cdnPort = (cdn.address() as AddressInfo).port;
  server = await startTestServer({ adapters: fromAdapters([feed]), env: { SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS: 'localhost' } });
  ws = server.admin.workspaceId;
  const admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  const r = await admin.post(`/api/v1/w/${ws}/accounts`, { type: 'feedchan', name: '피드 공식', credentials: { secret: SECRET } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  hook = r.body.account.webhookPath;
  await admin.post(`/api/v1/w/${ws}/users`, { email: 'comp@bank.test', name: '준법', role: 'compliance', password: 'rules and rules 42' });
  comp = new ApiClient(server.url);
  await comp.login('comp@bank.test', 'rules and rules 42');
}, 120_000);
afterAll(async () => {
  await server?.close();
  await new Promise((r) => cdn?.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('archive attachment files through the program', () => {
  it('an inbound message with an image: the file is held, exported over HTTP, and verifies', async () => {
    const url = `http://localhost:${cdnPort}/card.png`;
    const body = JSON.stringify({ events: [{ id: 'm1', author: 'minji', text: '카드 분실했어요, 사진 첨부합니다', at: new Date().toISOString(), media: [{ type: 'image', url, mimeType: 'image/png' }] }] });
    const sent = await fetch(server.url + hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
    expect(sent.status).toBe(200);
    const base = `/api/v1/w/${ws}/archive`;
    await waitFor(
      async () => (await comp.get(`${base}/versions`)).body.versions as unknown[],
      (v) => v.length === 1,
      'archived version',
    );
    const { archiveAdmin } = server.runtime.services;
    await archiveAdmin.attachments!.drain();
    const file = path.join(server.dataDir, 'files', 'archive', ws, '1', '0');
    expect(fs.readFileSync(file).equals(IMAGE)).toBe(true);

    const started = await comp.post(`${base}/exports`, {});
    expect(started.status).toBe(202);
    await waitFor(
      async () => (await comp.get(`${base}/exports/${started.body.id}`)).body,
      (e) => e.status === 'done' || e.status === 'failed',
      'export',
    );
    // The tar is binary (the image): read it raw with the compliance user's session.
    const cookies = (comp as unknown as { cookies: Map<string, string> }).cookies;
    const tar = await fetch(`${server.url}${base}/exports/${started.body.id}/download`, { headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(tar.status).toBe(200);
    const tarFile = path.join(tmp, 'p.tar');
    fs.writeFileSync(tarFile, Buffer.from(await tar.arrayBuffer()));
    execFileSync('tar', ['-xf', tarFile, '-C', tmp]);
    const dir = path.join(tmp, `sotong-archive-${started.body.id}`);
    expect(fs.readFileSync(path.join(dir, 'attachments', IMAGE_SHA)).equals(IMAGE)).toBe(true);
    const line = JSON.parse(fs.readFileSync(path.join(dir, 'attachments.jsonl'), 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ seq: 1, index: 0, type: 'image', url, held: true, sha256: IMAGE_SHA, bytes: IMAGE.length, file: `attachments/${IMAGE_SHA}` });
    expect(await verifyPackage(dir)).toMatchObject({ ok: true, versions: 1 });
  });
});
