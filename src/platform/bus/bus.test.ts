import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NATS_URL } from '../testing/postgres.js';
import type { Bus } from './bus.js';
import { busContract, unique, waitFor, type BusHandle } from './bus.contract.js';
import { MemoryBus } from './memory.js';
import { openNatsBus, type NatsBus } from './nats.js';
import { openBus } from './open.js';

/** One fresh stream for this test file, deleted afterwards. */
const stream = `sotong_test_${crypto.randomBytes(5).toString('hex')}`;

function natsHandle(): () => Promise<BusHandle> {
  return async () => {
    const opened: Bus[] = [];
    const open = async () => {
      const bus = await openNatsBus({ url: TEST_NATS_URL, stream });
      opened.push(bus);
      return bus;
    };
    return {
      bus: await open(),
      reopen: open,
      async dispose() {
        await Promise.all(opened.map((b) => b.close()));
      },
    };
  };
}

busContract('memory', async () => {
  const bus = new MemoryBus();
  return { bus, reopen: async () => bus, dispose: () => bus.close() };
});

describe('nats', () => {
  let admin: NatsBus;
  beforeAll(async () => {
    admin = await openNatsBus({ url: TEST_NATS_URL, stream });
  });
  afterAll(async () => {
    await admin.deleteStream();
    await admin.close();
  });

  busContract('nats', natsHandle());

  it('redelivers the unacked messages of a killed process after ackWait', async () => {
    const s = unique('t');
    const q = unique('q');
    const module = new URL('./nats.ts', import.meta.url).href;
    const code = `
      import { openNatsBus } from ${JSON.stringify(module)};
      const bus = await openNatsBus({ url: ${JSON.stringify(TEST_NATS_URL)}, stream: ${JSON.stringify(stream)} });
      await bus.consume(${JSON.stringify(q)}, [${JSON.stringify(`${s}.>`)}], async (m) => {
        console.log('got ' + m.id + ' ' + m.attempt);
        await new Promise(() => {});
      }, { ackWaitMs: 600 });
      console.log('ready');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitFor('child ready', () => out.includes('ready'), 15_000);
      await admin.publish(`${s}.job`, 'work', { id: `${s}-job` });
      await waitFor('child took the message', () => out.includes(`got ${s}-job 1`));
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const seen: { id: string; attempt: number }[] = [];
    const bus = await openNatsBus({ url: TEST_NATS_URL, stream });
    try {
      await bus.consume(q, [`${s}.>`], (m) => void seen.push({ id: m.id, attempt: m.attempt }), { ackWaitMs: 600 });
      await waitFor('redelivery', () => seen.length >= 1, 3_000);
      expect(seen).toEqual([{ id: `${s}-job`, attempt: 2 }]);
    } finally {
      await bus.close();
    }
  });

  it('moves a few thousand messages through a concurrent consumer exactly once', async () => {
    const s = unique('t');
    const n = 3_000;
    const bus = await openNatsBus({ url: TEST_NATS_URL, stream });
    try {
      const seen = new Set<number>();
      let duplicates = 0;
      await bus.consume<number>(
        unique('q'),
        [`${s}.>`],
        (m) => {
          if (seen.has(m.data)) duplicates++;
          seen.add(m.data);
        },
        { concurrency: 64 },
      );
      const start = performance.now();
      for (let i = 0; i < n; i += 500) {
        await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, j) => bus.publish(`${s}.item`, i + j)));
      }
      await waitFor('all messages', () => seen.size >= n, 20_000);
      const seconds = (performance.now() - start) / 1000;
      console.info(`nats bus: ${n} messages published and consumed in ${seconds.toFixed(2)} s (cold start, shared machine)`);
      expect(duplicates).toBe(0);
      expect(seen.size).toBe(n);
    } finally {
      await bus.close();
    }
  });
});

describe('openBus', () => {
  it('opens the in-process bus without a NATS URL', async () => {
    const bus = await openBus();
    expect(bus.kind).toBe('memory');
    await bus.close();
  });

  it('opens NATS JetStream with a URL', async () => {
    const bus = await openBus({ natsUrl: TEST_NATS_URL, stream: `${stream}_open` });
    try {
      expect(bus.kind).toBe('nats');
      expect((bus as NatsBus).stream).toBe(`${stream}_open`);
    } finally {
      await (bus as NatsBus).deleteStream();
      await bus.close();
    }
  });

  it('names the URL when NATS cannot be reached', async () => {
    await expect(openBus({ natsUrl: 'nats://127.0.0.1:1' })).rejects.toThrow(/cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/);
  });
});
