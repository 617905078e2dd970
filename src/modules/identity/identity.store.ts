import type { Role } from '../../platform/access/roles.js';
import type { WorkspacesTables } from '../workspaces/index.js';
import type { MemberView, UserView } from '../../contracts/identity.js';

export type { MemberView, UserView };

export interface IdentityTables extends WorkspacesTables {
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string | null;
    locale: 'ko' | 'en';
    is_instance_admin: boolean;
    created_at: Date;
    last_login_at: Date | null;
    password_changed_at: Date | null;
    /** The workspace that created the user; only there (or for an instance admin) is the identity managed. */
    home_workspace_id: string | null;
  };
  memberships: { workspace_id: string; user_id: string; role: Role; status: 'active' | 'disabled'; created_at: Date };
  sessions: {
    id: string;
    user_id: string;
    csrf_token: string;
    created_at: Date;
    expires_at: Date;
    last_seen_at: Date;
    ip: string | null;
    user_agent: string | null;
  };
  login_attempts: { key: string; at: Date };
  login_throttle: { key: string; window_start: Date; n: number };
  workspace_invitations: {
    id: string;
    workspace_id: string;
    email: string;
    role: Role;
    invited_by: string | null;
    created_at: Date;
    status: 'pending' | 'accepted' | 'declined' | 'cancelled';
    decided_at: Date | null;
  };
  api_tokens: {
    id: string;
    workspace_id: string;
    name: string;
    token_hash: string;
    prefix: string;
    scopes: string[];
    created_by: string | null;
    created_at: Date;
    last_used_at: Date | null;
    expires_at: Date | null;
    revoked_at: Date | null;
  };
}

export type UserRow = IdentityTables['users'];

export const presentUser = (u: UserRow): UserView => ({ id: u.id, email: u.email, name: u.name, locale: u.locale, isInstanceAdmin: u.is_instance_admin });

export const presentMember = (u: UserRow, m: IdentityTables['memberships']): MemberView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: m.role,
  status: m.status,
  createdAt: new Date(m.created_at).toISOString(),
  // Another workspace's member: their last login is not this workspace's business.
  lastLoginAt: u.last_login_at && u.home_workspace_id === m.workspace_id ? new Date(u.last_login_at).toISOString() : null,
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
