import { cliActor } from '../../platform/actor.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

export const workspaceCommand: CliCommand = {
  name: 'workspace',
  summary: 'Create workspaces (workspace add)',
  usage: `Usage: sotong workspace add --name NAME --slug SLUG

Creates a workspace (one bank or brand). Add its first admin with: sotong user add --workspace SLUG --role admin ...`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'add') throw new UsageError(sub ? `unknown subcommand "workspace ${sub}" (try: workspace add)` : 'missing subcommand (try: sotong workspace add --help)');
    const { values } = parse(rest, { name: { type: 'string' }, slug: { type: 'string' } });
    if (!values.name || !values.slug) throw new UsageError('--name and --slug are required');
    return withPlatform(io, async (s) => {
      const ws = await s.workspaces.create(cliActor, { name: values.name!, slug: values.slug! });
      io.stdout.write(`created workspace ${ws.slug} (${ws.id})\n`);
      return EXIT.ok;
    });
  },
};
