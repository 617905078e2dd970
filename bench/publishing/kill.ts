/**
 * bench/publishing/kill.ts: 10,000 approved posts across 20 accounts due now, sent by a worker process that
 * is SIGKILLed once a third went out; a new worker takes over on the same store. Checks that no post
 * reached the channel twice (the local server counts deliveries per idempotency key), none was lost,
 * each is recorded with the native id the channel gave for its key. The CI version (600 posts on
 * PostgreSQL) is test/faults/publishing-kill.test.ts; both run test/support/publish-kill.ts.
 * Run: npx tsx bench/publishing/kill.ts [--posts 10000] [--accounts 20] [--store pglite|postgres] [--lease-ms 10000] [--slot-in-ms 0]
 * (--slot-in-ms 25000: the posts are staged ahead of their slot first and the worker dies mid-burst).
 */
import { parseArgs } from 'node:util';
import { runKillScenario } from '../../test/support/publish-kill.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    accounts: { type: 'string', default: '20' },
    store: { type: 'string', default: 'pglite' },
    'lease-ms': { type: 'string', default: '10000' },
    'slot-in-ms': { type: 'string', default: '0' },
  },
});
const log = (line: string) => process.stdout.write(`${line}\n`);

const store = values.store === 'postgres' ? 'postgres' : 'pglite';
log(`bench/publishing/kill: ${values.posts} posts across ${values.accounts} accounts (${store}), worker SIGKILLed at a third`);
runKillScenario({ posts: Number(values.posts), accounts: Number(values.accounts), store, leaseMs: Number(values['lease-ms']), killAt: 1 / 3, slotInMs: Number(values['slot-in-ms']), timeoutMs: 900_000, log }).then(
  (r) => {
    log(JSON.stringify(r));
    const ok = r.sentTwice === 0 && r.neverSent === 0 && r.notRecorded === 0 && r.mismatched === 0;
    log(
      `${ok ? 'OK' : 'FAILED'}: ${r.deliveries} deliveries for ${r.posts} posts, sent twice ${r.sentTwice}, never sent ${r.neverSent}, not recorded ${r.notRecorded}, wrong native id ${r.mismatched}; ${r.reconciled} reconciled after the kill; ${r.seconds.toFixed(0)} s from the first worker's start to the last delivery`,
    );
    process.exit(ok ? 0 : 1);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
