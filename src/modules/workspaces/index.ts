/**
 * The workspaces module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { workspacesRoutes } from './workspaces.routes.js';
export { WorkspacesService } from './workspaces.service.js';
export { presentWorkspace } from './workspaces.store.js';
export type { WorkspaceView, WorkspacesTables } from './workspaces.store.js';
export { WORKSPACE_SETTINGS_CHANGED_SUBJECT } from './workspaces.events.js';
export type { WorkspaceSettingsChanged } from './workspaces.events.js';
