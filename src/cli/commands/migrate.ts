import { loadConfig } from '../../config.js';
import { migrate } from '../../platform/db/migrate.js';
import { parse } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Apply database migrations and exit',
  usage: 'Usage: sotong migrate\n\nApplies every migration not yet applied to the configured store (DATABASE_URL or the embedded one).',
  async run(args, io) {
    parse(args, {});
    const store = await (await import('../../app/runtime.js')).openStore(loadConfig(io.env));
    try {
      const applied = await migrate(store);
      io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
