/**
 * A worker process for the SIGKILL runs of the publishing flow (test/faults/publishing-kill.test.ts,
 * bench/publishing/kill.ts): the program's worker and scheduler roles, configured from the environment
 * like `sotong start`, with the test channel (test/support/publish-channel.ts) as its only adapter.
 * Prints "publish worker ready" once it runs; SIGTERM stops it cleanly.
 */
import { ALL_ROLES, type ProcessRole } from '../../src/app/roles.js';
import { startRuntime } from '../../src/app/runtime.js';
import { fromAdapters } from '../../src/channels/registry.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/platform/log/log.js';
import { publishTestAdapter } from './publish-channel.js';

const roles = (process.argv[2] ?? 'worker,scheduler').split(',').filter((r): r is ProcessRole => (ALL_ROLES as readonly string[]).includes(r));
const config = loadConfig();
const rt = await startRuntime(config, { roles: new Set(roles), demo: false, logger: createLogger(config.logLevel), announce: () => undefined, adapters: fromAdapters([publishTestAdapter()]) });
process.stdout.write('publish worker ready\n');
process.once('SIGTERM', () => {
  rt.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
