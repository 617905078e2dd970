/** Roles and what each may do. Permissions are checked by name at the service boundary. */
export const ROLES = ['admin', 'manager', 'agent', 'analyst', 'compliance', 'employee'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'audit.read',
  'tokens.manage',
  'settings.manage',
  'channels.manage',
  'inbox.read',
  'inbox.reply',
  'inbox.note',
  'inbox.manage',
  'listening.read',
  'listening.manage',
  'network.read',
  'pii.read',
  'microblog.use',
  'microblog.moderate',
  'microblog.curate',
  'analysis.correct',
  'screening.use',
  'screening.manage',
  'publishing.read',
  'publishing.compose',
  'publishing.approve',
  'publishing.manage',
  'archive.read',
  'archive.manage',
  'blog.manage',
  'links.read',
  'links.manage',
  'customers.read',
  'customers.manage',
  'customers.pii',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // The archive is the compliance role's alone (segregation of duties): not even an admin reads it.
  admin: PERMISSIONS.filter((p) => !p.startsWith('archive.')),
  manager: [
    'users.read',
    'inbox.read',
    'inbox.reply',
    'inbox.note',
    'inbox.manage',
    'listening.read',
    'listening.manage',
    'network.read',
    'microblog.use',
    'microblog.curate',
    'analysis.correct',
    'screening.use',
    'publishing.read',
    'publishing.compose',
    'publishing.approve',
    'publishing.manage',
    'blog.manage',
    'links.read',
    'links.manage',
    'customers.read',
    'customers.manage',
    'customers.pii',
  ],
  agent: ['inbox.read', 'inbox.reply', 'inbox.note', 'listening.read', 'microblog.use', 'analysis.correct', 'screening.use', 'publishing.read', 'publishing.compose', 'customers.read'],
  analyst: ['listening.read', 'listening.manage', 'network.read', 'inbox.read', 'microblog.use', 'analysis.correct', 'screening.use', 'publishing.read', 'publishing.compose', 'links.read', 'customers.read'],
  compliance: [
    'audit.read',
    'users.read',
    'inbox.read',
    'listening.read',
    'pii.read',
    'microblog.use',
    'microblog.moderate',
    'microblog.curate',
    'screening.use',
    'screening.manage',
    'publishing.read',
    'publishing.approve',
    'archive.read',
    'archive.manage',
    'links.read',
    'customers.read',
    'customers.pii',
  ],
  employee: ['microblog.use'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** API token scopes and the permissions each allows (intersected with nothing else: tokens have no role). */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const SCOPE_GRANTS: Record<TokenScope, readonly Permission[]> = {
  read: ['users.read', 'inbox.read', 'listening.read', 'network.read', 'publishing.read', 'links.read', 'customers.read'],
  write: ['inbox.reply', 'inbox.note', 'inbox.manage', 'listening.manage', 'channels.manage', 'analysis.correct', 'screening.use', 'publishing.compose', 'blog.manage', 'links.manage', 'customers.manage'],
  admin: ['users.manage', 'audit.read', 'tokens.manage', 'settings.manage', 'screening.manage', 'publishing.manage', 'customers.pii'],
};

export function scopesAllow(scopes: readonly string[], permission: Permission): boolean {
  return scopes.some((s) => (SCOPE_GRANTS as Record<string, readonly Permission[]>)[s]?.includes(permission));
}
