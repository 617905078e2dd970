import { loadConfig } from '../../config.js';
import { migrate } from '../../platform/db/migrate.js';
import { backupWorkspace, restoreWorkspace } from '../../modules/backup/index.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../command.js';

async function withStore<T>(io: CliIO, fn: (store: Awaited<ReturnType<typeof import('../../app/runtime.js').openStore>>) => Promise<T>): Promise<T> {
  const store = await (await import('../../app/runtime.js')).openStore(loadConfig(io.env));
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: "Write one workspace's data to a file",
  usage: `Usage: sotong backup FILE --workspace SLUG

Writes every row of the workspace (and its members' accounts) to FILE as gzip'd JSON lines. Channel
credentials stay encrypted: keep SOTONG_SECRET_KEY (or data/secret.key) with the backup.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { workspace: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE to write');
    if (!values.workspace) throw new UsageError('--workspace is required');
    return withStore(io, async (store) => {
      const r = await backupWorkspace(store, values.workspace!, positionals[0]!);
      io.stdout.write(`wrote ${r.rows} rows from ${r.tables} tables to ${positionals[0]}\n`);
      return EXIT.ok;
    });
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Restore a workspace from a backup file',
  usage: `Usage: sotong restore FILE [--replace]

Restores the workspace in FILE into the configured store, in one transaction. If the workspace
already exists, --replace deletes it first; without it the restore stops and changes nothing.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { replace: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one backup FILE');
    return withStore(io, async (store) => {
      const r = await restoreWorkspace(store, positionals[0]!, { replace: values.replace ?? false });
      io.stdout.write(`restored workspace ${r.workspace.slug} (${r.rows} rows)\n`);
      return EXIT.ok;
    });
  },
};
