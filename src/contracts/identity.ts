/**
 * Accounts, sessions, workspaces, members, invitations, the audit log and API tokens as the API shows
 * them (`/api/v1/auth`, `/me`, `/workspaces`, `/w/:ws/users`, `/audit`, `/tokens`; docs/security.md).
 * Types only; dates are ISO strings.
 */

export type Role = 'admin' | 'manager' | 'agent' | 'analyst' | 'compliance' | 'employee';
export type Locale = 'ko' | 'en';
/** What an API token may do. */
export type TokenScope = 'read' | 'write' | 'admin';

export interface UserView {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  isInstanceAdmin: boolean;
}

export interface WorkspaceView {
  id: string;
  name: string;
  slug: string;
}

/** GET /auth/me, and the session a login answers with (then with its CSRF token). */
export interface MeView {
  user: UserView;
  workspaces: Array<WorkspaceView & { role: Role }>;
}

/** A member of a workspace. */
export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: string;
  lastLoginAt: string | null;
}

/** An invitation as the workspace's admins see it. */
export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  status: 'pending' | 'accepted' | 'declined' | 'cancelled';
  createdAt: string;
}

/** An invitation as the invited person sees it (GET /invitations). */
export interface MyInvitationView {
  id: string;
  role: Role;
  createdAt: string;
  workspace: WorkspaceView;
}

export interface SessionView {
  /** The session's id: a hash of its cookie, never the cookie itself. */
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  /** A short description of the device from its user agent, e.g. "Chrome on Windows". */
  device: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** The step between password and session: verify a TOTP code, or enrol first. */
export interface LoginChallenge {
  token: string;
  kind: 'totp' | 'enrol';
  expiresAt: string;
}

export interface MfaStatus {
  enabled: boolean;
  /** A workspace of the user requires it for their role. */
  required: boolean;
  recoveryCodesLeft: number;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
}

export interface AuditView {
  id: string;
  seq: number;
  at: string;
  /** A person, or something else that acted (`{id: null, label}`: the system, an API token). */
  actor: { id: string; email: string; name: string } | { id: null; label: string } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditPage {
  entries: AuditView[];
  nextBefore: number | null;
}

export interface TokenView {
  id: string;
  name: string;
  scopes: TokenScope[];
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** The id of the user who made it. */
  createdBy: string | null;
}

export interface RolePermissions {
  role: Role;
  permissions: string[];
}

/** GET /w/:ws/roles: every role with its permissions, and every permission there is. */
export interface RolesView {
  roles: RolePermissions[];
  permissions: string[];
}
