/**
 * A worker process for test/archive/export-jobs.test.ts: opens the PostgreSQL store named on the command
 * line and drains the archive's export queue, with the original of every version taking `delayMs` to
 * decrypt (so the test can SIGKILL it mid-export). Prints `draining` once it starts.
 * Usage: node --import tsx archive-export-worker.ts DB_URL EXPORTS_DIR KEY DELAY_MS
 */
import { ArchiveAdmin, ArchiveService } from '../../src/modules/archive/index.js';
import { createKeyring, parseKey, type Keyring } from '../../src/modules/secrets/index.js';
import { systemClock } from '../../src/platform/clock/clock.js';
import { openPostgresStore } from '../../src/platform/db/postgres.js';

const [url, dir, key, delay] = process.argv.slice(2) as [string, string, string, string];
const real = createKeyring(parseKey(key));
const pause = new Int32Array(new SharedArrayBuffer(4));
const slow: Keyring = {
  keyId: real.keyId,
  encrypt: (p, aad) => real.encrypt(p, aad),
  decrypt(envelope, aad) {
    Atomics.wait(pause, 0, 0, Number(delay));
    return real.decrypt(envelope, aad);
  },
};
const store = await openPostgresStore(url, { max: 3 });
const archive = new ArchiveService(store, systemClock, slow);
const admin = new ArchiveAdmin(archive, dir, { heartbeatMs: 200 });
process.stdout.write('draining\n');
await admin.jobs.drain();
process.stdout.write('drained\n');
await store.close();
