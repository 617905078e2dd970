/** Teams and people of the workspace, for filters, assignment and @mentions; each only when the server has it. */
import { api } from '../../api.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { inboxApi, type Agent, type Team } from './inboxApi.js';

export interface Person {
  id: string;
  name: string;
  /** null when the agent list hides e-mail addresses (the caller may not read users). */
  email: string | null;
  availability?: Agent['availability'];
  load?: number;
}

/** The workspace's teams; null when the server has no teams yet (or refuses). */
export function useTeams(): Team[] | null {
  const { workspace, can } = useWorkspace();
  const allowed = can('inbox.read');
  const teams = useLoad(
    () =>
      allowed
        ? inboxApi.teams(workspace.id).then(
            (r) => r.teams,
            () => null,
          )
        : Promise.resolve(null),
    [workspace.id, allowed],
  );
  return teams.data ?? null;
}

/** Agents with their availability and load (GET /agents), else the member list when the role may read it. */
export function usePeople(): Person[] | null {
  const { workspace, can } = useWorkspace();
  const users = can('users.read');
  const people = useLoad(
    () =>
      inboxApi.agents(workspace.id).then(
        (r): Person[] => r.agents.map((a) => ({ id: a.userId, name: a.name, email: a.email, availability: a.availability, load: a.load })),
        () => (users ? api.users(workspace.id).then((r) => r.users.filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: u.name, email: u.email }))) : null),
      ),
    [workspace.id, users],
  );
  return people.data ?? null;
}
