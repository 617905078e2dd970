import { api, type Member } from './api.js';
import { useLoad } from './useLoad.js';
import { useWorkspace } from './workspace.js';

/** The workspace's members by id, when the role may list them (to show names instead of ids). */
export function useMembers(): Map<string, Member> | null {
  const { workspace, can } = useWorkspace();
  const allowed = can('users.read');
  const members = useLoad(() => (allowed ? api.users(workspace.id).then((r) => new Map(r.users.map((u) => [u.id, u]))) : Promise.resolve(null)), [workspace.id, allowed]);
  return members.data ?? null;
}
