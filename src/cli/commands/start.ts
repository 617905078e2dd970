import { loadConfig } from '../../config.js';
import { parseRoles } from '../roles.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Run Sotong (web, workers and scheduler; or the roles you name)',
  usage: `Usage: sotong start [--roles=web,worker,scheduler,links] [--no-demo] [--demo-rate N]

Starts Sotong on the embedded store (PGlite in SOTONG_DATA_DIR) or on PostgreSQL when DATABASE_URL is
set; the bus is in-process, or NATS JetStream when NATS_URL is set. Migrations run first.
  --roles     any of web, worker, scheduler, links, comma-separated (default: all; links alone serves only
              the short-link redirect, /l/CODE)
  --no-demo   do not create the demo workspace on first start, and replay nothing
  --demo-rate demo posts per second replayed into the demo workspace (default 0.01; 0 stops it). Each
              demo post is shown once: the first start writes 14 days of history from most of them, the
              live feed plays the rest (about six hours at the default rate) and then ends`,
  async run(args, io) {
    const { values } = parse(args, { roles: { type: 'string' }, 'no-demo': { type: 'boolean' }, 'demo-rate': { type: 'string' } });
    const roles = parseRoles(values.roles);
    const demoRate = values['demo-rate'] === undefined ? undefined : Number(values['demo-rate']);
    if (demoRate !== undefined && !(demoRate >= 0 && demoRate <= 1000)) throw new UsageError('--demo-rate must be a number of posts per second from 0 to 1000');
    const config = loadConfig(io.env);
    const runtime = await (await import('../../app/runtime.js')).startRuntime(config, { roles, demo: !values['no-demo'], ...(demoRate !== undefined ? { demoRate } : {}), announce: (l) => io.stdout.write(`${l}\n`) });
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    io.stdout.write('Stopping…\n');
    await runtime.stop();
    return EXIT.ok;
  },
};
