import { cliActor } from '../../platform/actor.js';
import type { Scope } from '../../platform/access/scope.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

export const linksCommand: CliCommand = {
  name: 'links',
  summary: 'Create tracked short links (links create)',
  usage: `Usage: sotong links create --workspace SLUG --url URL [--campaign NAME] [--channel CHANNEL]
                           [--variant NAME] [--title TEXT] [--expires DATE]

Creates a short link on the links base address (SOTONG_LINKS_BASE_URL, else SOTONG_PUBLIC_URL) and
prints it. UTM parameters come from the workspace's templates for the channel and campaign.
On the embedded store, stop the server first (one process opens the data folder at a time).`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'create') throw new UsageError(sub ? `unknown subcommand "links ${sub}" (try: links create)` : 'missing subcommand (try: sotong links create --help)');
    const { values } = parse(rest, {
      workspace: { type: 'string' },
      url: { type: 'string' },
      campaign: { type: 'string' },
      channel: { type: 'string' },
      variant: { type: 'string' },
      title: { type: 'string' },
      expires: { type: 'string' },
    });
    if (!values.workspace) throw new UsageError('--workspace is required');
    if (!values.url) throw new UsageError('--url is required');
    if (!/^https?:\/\//i.test(values.url)) throw new UsageError('--url must start with http:// or https://');
    let expiresAt: string | undefined;
    if (values.expires) {
      const d = new Date(values.expires);
      if (Number.isNaN(d.getTime())) throw new UsageError('--expires must be a date, e.g. 2026-12-31 or 2026-12-31T18:00:00+09:00');
      expiresAt = d.toISOString();
    }
    return withPlatform(io, async (s) => {
      const ws = await s.workspaces.findBySlugOrId(values.workspace!);
      if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
      const scope: Scope = { workspaceId: ws.id, actor: cliActor, role: 'admin', tokenScopes: null };
      const link = await s.links.links.create(scope, {
        url: values.url!,
        campaign: values.campaign ?? null,
        channel: values.channel ?? null,
        variant: values.variant ?? null,
        title: values.title ?? null,
        ...(expiresAt ? { expiresAt } : {}),
      });
      io.stdout.write(`${link.shortUrl}\n`);
      return EXIT.ok;
    });
  },
};
