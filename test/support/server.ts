import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { ALL_ROLES, type ProcessRole } from '../../src/app/roles.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import type { Clock } from '../../src/platform/clock/clock.js';
import type { AdapterRegistry } from '../../src/channels/registry.js';

export interface TestServer {
  url: string;
  admin: { email: string; password: string; workspaceId: string };
  runtime: Runtime;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real program in this process: fresh data folder (or a fresh PostgreSQL database), port 0,
 * all roles, the built web UI, and the demo workspace with its admin.
 */
export async function startTestServer(
  opts: { store?: 'pglite' | 'postgres'; env?: Record<string, string>; clock?: Clock; adapters?: AdapterRegistry; roles?: ProcessRole[]; demoRate?: number; demoHistoryDays?: number } = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-test-'));
  let tdb: TestDatabase | undefined;
  if (opts.store === 'postgres') tdb = await createTestDatabase();
  const config = loadConfig({ SOTONG_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...(tdb ? { DATABASE_URL: tdb.url } : {}), ...opts.env });
  const runtime = await startRuntime(config, {
    roles: new Set(opts.roles ?? ALL_ROLES),
    demo: true,
    demoRate: opts.demoRate ?? 0,
    demoHistoryDays: opts.demoHistoryDays ?? 0,
    logger: silentLogger,
    announce: () => undefined,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.adapters ? { adapters: opts.adapters } : {}),
  });
  const login = runtime.demoLogin!;
  return {
    url: runtime.url!,
    admin: login,
    runtime,
    dataDir,
    async close() {
      await runtime.stop();
      await tdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
