import fs from 'node:fs';
import { cliActor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import type { Mapping } from '../../modules/customers/index.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

function readMapping(file: string): Mapping {
  if (!fs.existsSync(file)) throw new UsageError(`no such mapping file: ${file}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`the mapping file ${file} is not JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('the mapping file must hold one JSON object: {"file column": "field", ...}');
  return parsed as Mapping;
}

export const customersCommand: CliCommand = {
  name: 'customers',
  summary: "Import customers from the bank's systems (CSV with a column mapping)",
  usage: `Usage: sotong customers import FILE --workspace SLUG [--mapping FILE]

Reads FILE (CSV with a header row) into the workspace's customers. A customer is matched by its
external id: importing again updates, never duplicates. The mapping file is a JSON object of
file column → customer field (externalId, name, email, phone, segment, products, manager, optOuts;
null drops a column); without it, columns named like the fields are used. Products and opt-outs are
lists separated by ";" or "|". Name, e-mail and phone are stored encrypted.
Rows that cannot be read are reported with their line number; the exit code is then 3.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'import') throw new UsageError('the only subcommand is "import" (see sotong customers --help)');
    const { values, positionals } = parse(rest, { workspace: { type: 'string' }, mapping: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
    if (!values.workspace) throw new UsageError('--workspace is required');
    const file = positionals[0]!;
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const mapping = values.mapping ? readMapping(values.mapping) : undefined;
    const csv = fs.readFileSync(file, 'utf8');
    return withPlatform(io, async (s) => {
      const ws = await s.workspaces.findBySlugOrId(values.workspace!);
      if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
      const scope: Scope = { workspaceId: ws.id, actor: cliActor, role: 'admin', tokenScopes: null };
      let shown = -1;
      const result = await s.customers.customers.importCsv(scope, { csv, ...(mapping ? { mapping } : {}), source: `cli:${file.split('/').pop()}` }, (done, total) => {
        const pct = total ? Math.floor((done / total) * 10) * 10 : 100;
        if (pct === shown) return;
        shown = pct;
        io.stderr.write(`${done}/${total} rows (${pct}%)\n`);
      });
      for (const e of result.errors) io.stderr.write(`line ${e.line}: ${e.message}\n`);
      io.stdout.write(`${result.created} created, ${result.updated} updated, ${result.failed} bad rows of ${result.total} in ${ws.slug}\n`);
      return result.failed ? EXIT.partial : EXIT.ok;
    });
  },
};
