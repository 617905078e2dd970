/** `sotong publish check`: the pre-send screen and the channel's length count for one file, offline. */
import fs from 'node:fs';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../command.js';
import { parse } from '../args.js';
import { loadAdapters, measurerFor, publishTargets } from '../../channels/registry.js';
import { PRODUCTS, blocks, screenWithDefaults, type Product } from '../../modules/screening/index.js';

const USAGE = `Usage: sotong publish check --channel CHANNEL --in FILE [--product PRODUCT] [--crisis] [--allow-host HOST]...

Screens a post against the default Korean financial-advertising rule set (no database needed) and
counts its length in the channel's own unit. Prints one JSON object:
  { "channel", "unit", "length", "limit", "ok", "findings": [{ "type", "start", "end", "text", "rule" }] }
Offsets are UTF-16 code units of the file's text (UTF-8, a leading BOM dropped).

  --channel CHANNEL  a publishing target of a channel adapter (each adapter's publishTargets; an
                     unknown one is refused with the list)
  --in FILE          the post's text ("-" = standard input)
  --product PRODUCT  deposit | loan | investment | card | insurance: checks that product's disclosures
  --crisis           also hold back the crisis word list
  --allow-host HOST  a link host that is known (repeatable; subdomains included)

Exit code: 0 when ok, 1 when a finding blocks or the text is over the limit, 2 on bad input.`;

async function readInput(file: string, io: CliIO): Promise<Buffer> {
  if (file !== '-') {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`publish: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (code ?? 'error')})`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

export const publishCommand: CliCommand = {
  name: 'publish',
  summary: 'Check a post before publishing: the pre-send screen and the channel length',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'check') throw new UsageError(sub ? `publish: unknown subcommand "${sub}" (check)` : 'publish: a subcommand is needed (check)');
    const { values } = parse(rest, { channel: { type: 'string' }, in: { type: 'string' }, product: { type: 'string' }, crisis: { type: 'boolean' }, 'allow-host': { type: 'string', multiple: true } });
    const registry = await loadAdapters();
    const targets = publishTargets(registry);
    if (!values.channel) throw new UsageError(`publish: --channel is required (${targets.join(', ')})`);
    const measure = measurerFor(registry, values.channel);
    if (!measure) throw new UsageError(`publish: unknown channel "${values.channel}" (${targets.join(', ')})`);
    if (values.product !== undefined && !(PRODUCTS as readonly string[]).includes(values.product)) throw new UsageError(`publish: unknown product "${values.product}" (${PRODUCTS.join(', ')})`);
    if (!values.in) throw new UsageError('publish: --in FILE is required');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readInput(values.in, io));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`publish: ${values.in} is not UTF-8 text`);
    }
    const measured = measure(text);
    const findings = screenWithDefaults(text, { channel: values.channel, product: values.product as Product | undefined, crisis: values.crisis ?? false, knownLinkHosts: values['allow-host'] ?? [] });
    const ok = !blocks(findings) && (measured.limit === null || measured.length <= measured.limit);
    const out = { channel: values.channel, unit: measured.unit, length: measured.length, limit: measured.limit, ok, findings: findings.map(({ type, start, end, text: t, rule }) => ({ type, start, end, text: t, rule })) };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return ok ? EXIT.ok : EXIT.failure;
  },
};
