import { ALL_ROLES, type ProcessRole } from '../app/roles.js';
import { UsageError } from './command.js';

/** Reads `--roles=web,worker,scheduler,links` (any subset; all when absent). */
export function parseRoles(value: string | undefined): Set<ProcessRole> {
  if (value === undefined) return new Set(ALL_ROLES);
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new UsageError('--roles needs at least one of web, worker, scheduler, links');
  for (const p of parts) if (!(ALL_ROLES as readonly string[]).includes(p)) throw new UsageError(`unknown role "${p}" in --roles (use web, worker, scheduler, links)`);
  return new Set(parts as ProcessRole[]);
}
