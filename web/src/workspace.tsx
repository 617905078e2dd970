import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, type RolePermissions, type User, type Workspace } from './api.js';

export interface WorkspaceState {
  workspace: Workspace;
  /** The signed-in user. */
  me: User;
  /** All roles and what they may do (empty when the server would not say). */
  roles: RolePermissions[];
  /** What the current user's role may do in this workspace. */
  can(permission: string): boolean;
  /** Whether any role has this permission, i.e. the server knows it (features not built yet have none). */
  knows(permission: string): boolean;
  /** False until GET /roles has answered. */
  loaded: boolean;
}

const WorkspaceContext = createContext<WorkspaceState | null>(null);
const STORAGE_KEY = 'sotong.workspace';

export function rememberedWorkspace(workspaces: Workspace[]): Workspace | undefined {
  let id: string | null = null;
  try {
    id = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* ignore */
  }
  return workspaces.find((w) => w.id === id) ?? workspaces[0];
}

export function rememberWorkspace(id: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    /* ignore */
  }
}

export function WorkspaceProvider({ workspace, me, children }: { workspace: Workspace; me: User; children: ReactNode }) {
  const [roles, setRoles] = useState<RolePermissions[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    setLoaded(false);
    setRoles([]);
    api
      .roles(workspace.id)
      .then((r) => live && setRoles(r.roles))
      .catch(() => live && setRoles([]))
      .finally(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [workspace.id]);

  const mine = roles.find((r) => r.role === workspace.role);
  const granted = new Set(mine?.permissions ?? []);
  const known = new Set(roles.flatMap((r) => r.permissions));
  const value: WorkspaceState = {
    workspace,
    me,
    roles,
    loaded,
    // Without a roles answer, only an admin is assumed to hold every permission; the server checks anyway.
    can: (p) => granted.has(p) || (!mine && workspace.role === 'admin'),
    knows: (p) => known.has(p),
  };
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const ctx = useContext(WorkspaceContext);
  if (!ctx) throw new Error('useWorkspace outside WorkspaceProvider');
  return ctx;
}

export const SETTINGS_PERMISSIONS = ['users.read', 'users.manage', 'audit.read', 'tokens.manage', 'settings.manage', 'channels.manage'] as const;
