import fs from 'node:fs';
import { cliActor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

function bar(done: number, total: number, width = 30): string {
  const frac = total ? Math.min(1, done / total) : 0;
  const full = Math.round(frac * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(Math.round(frac * 100)).padStart(3)}%`;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import historical items from a CSV or JSONL file',
  usage: `Usage: sotong import FILE --channel TYPE --workspace SLUG [--format csv|jsonl]

Reads FILE (CSV with a header row, or one JSON object per line) into the workspace as items of the
channel TYPE, through the same deduplicating write path as live items: importing twice stores once.
Columns: id, author_id, text, created_at (required); kind, author_handle, author_name, followers,
parent_id, thread_id, url, lang (optional). The format follows the file's extension unless given.
Rows that cannot be read are reported with their line number; the exit code is then 3.
On the embedded store, stop the server first (one process opens the data folder at a time).`,
  async run(args, io) {
    const { values, positionals } = parse(args, { channel: { type: 'string' }, workspace: { type: 'string' }, format: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
    if (!values.channel) throw new UsageError('--channel is required (the channel type the items come from)');
    if (!values.workspace) throw new UsageError('--workspace is required');
    const file = positionals[0]!;
    const format = values.format ?? (/\.jsonl?$|\.ndjson$/i.test(file) ? 'jsonl' : 'csv');
    if (format !== 'csv' && format !== 'jsonl') throw new UsageError('--format must be csv or jsonl');
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const text = fs.readFileSync(file, 'utf8');
    return withPlatform(io, async (s) => {
      const ws = await s.workspaces.findBySlugOrId(values.workspace!);
      if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
      const scope: Scope = { workspaceId: ws.id, actor: cliActor, role: 'admin', tokenScopes: null };
      const { view, done } = await s.imports.start(scope, { channel: values.channel!, format, name: file.split('/').pop()!, text });
      const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
      let last = -1;
      const show = async () => {
        const p = await s.imports.get(scope, view.id);
        const pct = p.total ? Math.floor((p.processed / p.total) * 10) : 0;
        if (tty) io.stderr.write(`\r${bar(p.processed, p.total)} ${p.processed}/${p.total} rows, ${p.failed} skipped`);
        else if (pct !== last) io.stderr.write(`${bar(p.processed, p.total)} ${p.processed}/${p.total} rows, ${p.failed} skipped\n`);
        last = pct;
      };
      const timer = setInterval(() => void show().catch(() => undefined), 250);
      const result = await done.finally(() => clearInterval(timer));
      await show();
      if (tty) io.stderr.write('\n');
      for (const e of result.errors) io.stderr.write(`line ${e.line}: ${e.message}\n`);
      if (result.status === 'failed') return EXIT.failure;
      io.stdout.write(`imported ${result.processed - result.failed} of ${result.total} rows into ${ws.slug} (${result.failed} skipped)\n`);
      return result.failed ? EXIT.partial : EXIT.ok;
    });
  },
};
