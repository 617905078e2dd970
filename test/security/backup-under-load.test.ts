/**
 * Issue #14, finding 5: backups taken under load could not be restored (tables were read one by one,
 * so a child row written meanwhile landed in the file without its parent). A backup taken during an
 * ingest burst restores into a fresh store, on both stores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { signedDelivery, webhookEvents } from '../support/webhook-sender.js';
import { runCli } from '../support/io.js';
import { backupWorkspace } from '../../src/modules/backup/backup.service.js';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';

const SECRET = 'backup-burst-secret-123';
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

for (const store of ['pglite', 'postgres'] as const) {
  describe(`backup during an ingest burst (${store})`, () => {
    it('restores into a fresh store without a foreign-key violation', async () => {
      const server: TestServer = await startTestServer({ store });
      cleanup.push(() => server.close());
      const api = new ApiClient(server.url);
      await api.login(server.admin.email, server.admin.password);
      const ws = server.admin.workspaceId;
      const hook = (await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'burst', settings: {}, credentials: { signingSecret: SECRET } })).body.account.webhookPath;
      // The burst: deliveries keep arriving (and the workers keep writing authors, items, conversations) while backups run.
      let stop = false;
      let sent = 0;
      const burst = (async () => {
        for (let i = 0; !stop && i < 400; i++) {
          const body = webhookEvents(`b${i}`, 20);
          await Promise.all(
            [0, 1].map(async (k) => {
              const b = k === 0 ? body : webhookEvents(`c${i}`, 20);
              const r = await fetch(server.url + hook, { method: 'POST', headers: signedDelivery(SECRET, b), body: b });
              if (r.status === 200) sent++;
            }),
          );
        }
      })();
      const files: string[] = [];
      for (let i = 0; i < 2; i++) {
        await new Promise((r) => setTimeout(r, 700));
        const file = path.join(server.dataDir, `burst-${i}.gz`);
        await backupWorkspace(server.runtime.services.store, ws, file);
        files.push(file);
      }
      stop = true;
      await burst;
      expect(sent).toBeGreaterThan(10);
      const key = fs.readFileSync(path.join(server.dataDir, 'secret.key'), 'utf8').trim();
      for (const file of files) {
        let target: Record<string, string>;
        if (store === 'postgres') {
          const tdb: TestDatabase = await createTestDatabase();
          cleanup.push(() => tdb.drop());
          target = { DATABASE_URL: tdb.url, SOTONG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-restore-')), SOTONG_SECRET_KEY: key };
        } else {
          target = { SOTONG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-restore-')), SOTONG_SECRET_KEY: key };
        }
        const r = await runCli(['restore', file], target);
        expect(r.stderr, file).toBe('');
        expect(r.code).toBe(0);
        expect((await runCli(['audit', 'verify', '--workspace', 'demo'], target)).code).toBe(0);
      }
    }, 240_000);
  });
}
