/** The workspaces module's bus events. */

/** Published (fan-out) after a workspace's settings changed, so every process drops what it cached. */
export const WORKSPACE_SETTINGS_CHANGED_SUBJECT = 'workspace.settings_changed';
export interface WorkspaceSettingsChanged {
  workspaceId: string;
}
