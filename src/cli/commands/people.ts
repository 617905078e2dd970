import fs from 'node:fs';
import { cliActor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

export const peopleCommand: CliCommand = {
  name: 'people',
  summary: 'Import the employee directory into the microblog (people import)',
  usage: `Usage: sotong people import FILE --workspace SLUG

Reads a CSV directory export (header row) into the workspace's microblog: one profile per employee,
tied to their Sotong login (a new e-mail becomes a user with the employee role).
Columns: email, name (required); department, title, extension, photo, employee_no, status (active or
inactive; inactive deactivates the person, whose posts stay). Importing twice changes nothing.
Rows that cannot be read are reported with their line number; the exit code is then 3.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'import') throw new UsageError(sub ? `unknown subcommand "people ${sub}" (try: people import)` : 'missing subcommand (try: sotong people import --help)');
    const { values, positionals } = parse(rest, { workspace: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
    if (!values.workspace) throw new UsageError('--workspace is required');
    const file = positionals[0]!;
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const text = fs.readFileSync(file, 'utf8');
    return withPlatform(io, async (s) => {
      const ws = await s.workspaces.findBySlugOrId(values.workspace!);
      if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
      const scope: Scope = { workspaceId: ws.id, actor: cliActor, role: 'admin', tokenScopes: null };
      const r = await s.microblog.people.importCsv(scope, text);
      for (const e of r.errors) io.stderr.write(`line ${e.line}: ${e.message}\n`);
      io.stdout.write(`people in ${ws.slug}: ${r.created} created, ${r.updated} updated, ${r.deactivated} deactivated, ${r.errors.length} skipped\n`);
      return r.errors.length ? EXIT.partial : EXIT.ok;
    });
  },
};
