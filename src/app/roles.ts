import { UsageError } from '../cli/command.js';

export const ALL_ROLES = ['web', 'worker', 'scheduler'] as const;
export type ProcessRole = (typeof ALL_ROLES)[number];

export function parseRoles(value: string | undefined): Set<ProcessRole> {
  if (value === undefined) return new Set(ALL_ROLES);
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError('--roles needs at least one of web, worker, scheduler');
  for (const p of parts) if (!(ALL_ROLES as readonly string[]).includes(p)) throw new UsageError(`unknown role "${p}" in --roles (use web, worker, scheduler)`);
  return new Set(parts as ProcessRole[]);
}
