import { cliActor } from '../../platform/actor.js';
import { tables } from '../../platform/db/store.js';
import { createMember } from '../../modules/identity/index.js';
import type { IdentityTables } from '../../modules/identity/index.js';
import { isRole, ROLES } from '../../platform/access/roles.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { withPlatform } from '../platform.js';

export const userCommand: CliCommand = {
  name: 'user',
  summary: 'Manage users (user add)',
  usage: `Usage: sotong user add --email EMAIL --name NAME --role ROLE --workspace SLUG [--password PW] [--instance-admin]

Adds a user to a workspace. Without --password a password is generated and printed once.
Roles: ${ROLES.join(', ')}.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'add') throw new UsageError(sub ? `unknown subcommand "user ${sub}" (try: user add)` : 'missing subcommand (try: sotong user add --help)');
    const { values } = parse(rest, {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      workspace: { type: 'string' },
      password: { type: 'string' },
      'instance-admin': { type: 'boolean' },
    });
    for (const k of ['email', 'role', 'workspace'] as const) if (!values[k]) throw new UsageError(`--${k} is required`);
    if (!isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const role = values.role;
    return withPlatform(io, async (s) => {
      const ws = await s.workspaces.findBySlugOrId(values.workspace!);
      if (!ws) throw new UsageError(`no workspace "${values.workspace}"`);
      const r = await createMember(tables<IdentityTables>(s.store), s.clock, ws.id, cliActor, {
        email: values.email!,
        name: values.name ?? values.email!.split('@')[0]!,
        role,
        ...(values.password ? { password: values.password } : {}),
        instanceAdmin: values['instance-admin'] ?? false,
      });
      io.stdout.write(`added ${r.user.email} to ${ws.slug} as ${r.user.role}${r.initialPassword ? `; password: ${r.initialPassword}` : ''}\n`);
      return EXIT.ok;
    });
  },
};
