import type { ExportFilters } from '../../modules/archive/index.js';
import { PackageInputError, verifyPackage } from '../../modules/archive/index.js';
import type { Scope } from '../../platform/access/scope.js';
import { cliActor } from '../../platform/actor.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

const USAGE = `Usage: sotong archive export --workspace SLUG --out DIR [--from DATE] [--to DATE] [--person ID] [--customer ID]
       sotong archive verify DIR

export  writes an export package of the workspace's message archive into DIR (new or empty): every
        version that matches (originals in clear: keep the folder safe), the chain from genesis to
        head, attachment hashes and a manifest with the SHA-256 of every file and the chain's anchors.
        DATE is YYYY-MM-DD or an ISO time (UTC); --to is exclusive; --person is the author's id;
        --customer is a customer's id: every version of every identity linked to them by consent
        (a revoked link: the versions before its revocation).
verify  checks a package offline (no store needed). Exits 0 when every file and the chain are intact,
        1 naming the first file or entry that is not, 2 when DIR is not a package.`;

function dateArg(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) throw new UsageError(`${flag}: "${value}" is not a date (YYYY-MM-DD or an ISO time)`);
  return d;
}

export const archiveCommand: CliCommand = {
  name: 'archive',
  summary: 'Export the message archive as a verifiable package, or verify one (archive export|verify)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'verify') {
      const { positionals } = parse(rest, {}, true);
      if (positionals.length !== 1) throw new UsageError('archive verify takes one folder (sotong archive verify DIR)');
      let verdict;
      try {
        verdict = await verifyPackage(positionals[0]!);
      } catch (err) {
        if (err instanceof PackageInputError) throw new UsageError(err.message);
        throw err;
      }
      if (!verdict.ok) {
        io.stdout.write(`FAILED ${verdict.where}: ${verdict.message}\n`);
        return EXIT.failure;
      }
      io.stdout.write(`package intact: ${verdict.versions} versions, chain of ${verdict.chain} entries (${verdict.purged} purged) up to head ${verdict.head.seq} ${verdict.head.hash}\n`);
      return EXIT.ok;
    }
    if (sub !== 'export') throw new UsageError(sub ? `unknown subcommand "archive ${sub}" (try: archive export, archive verify)` : 'missing subcommand (try: sotong archive export --help)');
    const { values } = parse(rest, { workspace: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, person: { type: 'string' }, customer: { type: 'string' } });
    if (!values.workspace) throw new UsageError('--workspace SLUG is required');
    if (!values.out) throw new UsageError('--out DIR is required');
    const from = dateArg(values.from, '--from');
    const to = dateArg(values.to, '--to');
    if (from && to && from >= to) throw new UsageError('--from must be before --to');
    if (values.person !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.person)) throw new UsageError(`--person: "${values.person}" is not a person id (a UUID)`);
    if (values.customer !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.customer)) throw new UsageError(`--customer: "${values.customer}" is not a customer id (a UUID)`);
    const filters: ExportFilters = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(values.person ? { personId: values.person } : {}), ...(values.customer ? { customerId: values.customer } : {}) };
    return withPlatform(io, async (s) => {
      const ws = await s.workspaces.findBySlugOrId(values.workspace!);
      if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
      const scope: Scope = { workspaceId: ws.id, actor: cliActor, role: 'compliance', tokenScopes: null };
      let m;
      try {
        m = await s.archiveAdmin.exportPackage(scope, filters, values.out!);
      } catch (err) {
        if (/^E[A-Z]+$/.test(String((err as NodeJS.ErrnoException).code ?? '')) || /is not empty|is not a folder/.test((err as Error).message)) throw new UsageError(`--out: ${(err as Error).message}`);
        throw err;
      }
      io.stdout.write(`exported ${m.counts.versions} versions (chain of ${m.counts.chain}, head ${m.anchors.head.seq} ${m.anchors.head.hash}) to ${values.out}\n`);
      return EXIT.ok;
    });
  },
};
