import type { WorkspaceView } from '../../contracts/identity.js';

export type { WorkspaceView };

export interface WorkspacesTables {
  workspaces: { id: string; slug: string; name: string; settings: unknown; created_at: Date };
}
export type WorkspaceRow = WorkspacesTables['workspaces'];

export const presentWorkspace = (w: Pick<WorkspaceRow, 'id' | 'name' | 'slug'>): WorkspaceView => ({ id: w.id, name: w.name, slug: w.slug });
