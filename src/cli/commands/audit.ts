import { verifyAudit } from '../../modules/audit/index.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Check the audit trail (audit verify)',
  usage: `Usage: sotong audit verify [--workspace SLUG]

Recomputes the hash chain of every workspace's audit trail (or one). Exits 0 when intact, 1 when an
entry was changed, removed or added out of order, listing each problem.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'verify') throw new UsageError(sub ? `unknown subcommand "audit ${sub}" (try: audit verify)` : 'missing subcommand (try: sotong audit verify)');
    const { values } = parse(rest, { workspace: { type: 'string' } });
    return withPlatform(io, async (s) => {
      let chain: string | undefined;
      if (values.workspace) {
        const ws = await s.workspaces.findBySlugOrId(values.workspace);
        if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
        chain = ws.id;
      }
      const r = await verifyAudit(s.store, chain);
      for (const p of r.problems) io.stdout.write(`TAMPERED chain ${p.chain} entry ${p.seq}: ${p.message}\n`);
      io.stdout.write(r.ok ? `audit trail intact: ${r.entries} entries in ${r.chains} chains\n` : `audit trail FAILED verification: ${r.problems.length} problem(s)\n`);
      return r.ok ? EXIT.ok : EXIT.failure;
    });
  },
};
