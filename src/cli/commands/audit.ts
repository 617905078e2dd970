import fs from 'node:fs';
import path from 'node:path';
import { CheckpointError, parseCheckpoints, readCheckpoints, takeCheckpoint, verifyAudit, verifyCheckpoints, type AuditCheckpoint } from '../../modules/audit/index.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Check the audit trail (audit verify, audit checkpoint)',
  usage: `Usage: sotong audit verify [--workspace SLUG] [--checkpoints FILE]...
       sotong audit checkpoint [--out FILE]

verify      Recomputes the hash chain of every workspace's audit trail (or one), checks every entry's
            and head's signature under the audit key, and compares the chains with the signed checkpoints
            kept outside the database: those the scheduler appends to SOTONG_AUDIT_CHECKPOINT_DIR (default
            <data folder>/audit-checkpoints) and any --checkpoints FILE (a checkpoint file, or one taken
            from a backup or an archive export). Exits 0 when intact, 1 when an entry was changed,
            removed, added out of order, or the trail was rolled back or deleted, listing each problem.
checkpoint  Appends a signed checkpoint of every chain now to the checkpoint file, or writes it to --out.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'checkpoint') return checkpoint(rest, io);
    if (sub !== 'verify') throw new UsageError(sub ? `unknown subcommand "audit ${sub}" (try: audit verify)` : 'missing subcommand (try: sotong audit verify)');
    const { values } = parse(rest, { workspace: { type: 'string' }, checkpoints: { type: 'string', multiple: true } });
    const extra: AuditCheckpoint[] = [];
    for (const f of values.checkpoints ?? []) {
      if (!fs.existsSync(f)) throw new UsageError(`no checkpoint file "${f}"`);
      extra.push(...load(f));
    }
    return withPlatform(io, async (s) => {
      let chain: string | undefined;
      if (values.workspace) {
        const ws = await s.workspaces.findBySlugOrId(values.workspace);
        if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
        chain = ws.id;
      }
      const r = await verifyAudit(s.store, chain);
      const kept = s.auditCheckpoints ? load(s.auditCheckpoints.file) : [];
      const cps = await verifyCheckpoints(s.store, [...kept, ...extra], chain);
      const problems = [...r.problems, ...cps.problems];
      for (const p of problems) io.stdout.write(`TAMPERED chain ${p.chain} entry ${p.seq}: ${p.message}\n`);
      const against = `checked against ${kept.length + extra.length} checkpoint(s) for ${cps.checked} chain(s)`;
      io.stdout.write(problems.length === 0 ? `audit trail intact: ${r.entries} entries in ${r.chains} chains, ${against}\n` : `audit trail FAILED verification: ${problems.length} problem(s)\n`);
      return problems.length === 0 ? EXIT.ok : EXIT.failure;
    });
  },
};

function load(file: string): AuditCheckpoint[] {
  if (!fs.existsSync(file)) return [];
  try {
    // A backup's or archive export's checkpoint comes as one JSON document; the scheduler's file is JSON lines.
    const text = fs.readFileSync(file, 'utf8').trim();
    const doc = text.startsWith('{') && !text.includes('\n') ? safeJson(text) : undefined;
    if (doc && typeof doc === 'object' && 'auditCheckpoint' in doc) return parseCheckpoints(JSON.stringify(doc.auditCheckpoint), file);
    return readCheckpoints(file);
  } catch (err) {
    if (err instanceof CheckpointError) throw new UsageError(err.message);
    throw err;
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function checkpoint(rest: string[], io: Parameters<CliCommand['run']>[1]): Promise<number> {
  const { values } = parse(rest, { out: { type: 'string' } });
  return withPlatform(io, async (s) => {
    if (values.out) {
      const cp = await takeCheckpoint(s.store, s.clock);
      fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      fs.writeFileSync(values.out, `${JSON.stringify(cp)}\n`);
      io.stdout.write(`wrote a checkpoint of ${cp.heads.length} chain(s) to ${values.out}\n`);
      return EXIT.ok;
    }
    if (!s.auditCheckpoints) throw new UsageError('no checkpoint folder is configured (set SOTONG_AUDIT_CHECKPOINT_DIR, or use --out FILE)');
    const r = await s.auditCheckpoints.write();
    io.stdout.write(r.written ? `appended a checkpoint of ${r.heads} chain(s) to ${s.auditCheckpoints.file}\n` : `no chain moved since the last checkpoint in ${s.auditCheckpoints.file}\n`);
    return EXIT.ok;
  });
}
