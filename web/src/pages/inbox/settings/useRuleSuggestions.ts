import { request, ws as wsPath } from '../../../api.js';
import { listeningApi } from '../../../listeningApi.js';
import { useLoad } from '../../../useLoad.js';
import { provideChannelTypes, provideSegmentNames } from './ruleModel.js';

/**
 * What the rule builder offers as values, from the server (a render follows each load): the channel types
 * this server has, and the workspace's customer segments for `author.segments` (none without customers.read).
 */
export function useRuleSuggestions(workspaceId: string): void {
  useLoad(
    () =>
      listeningApi.channels(workspaceId).then(
        (r) => provideChannelTypes(r.channels.map((c) => c.type)),
        () => undefined,
      ),
    [workspaceId],
  );
  useLoad(
    () =>
      request<{ segments: Array<{ name: string }> }>('GET', `${wsPath(workspaceId)}/segments`).then(
        (r) => provideSegmentNames(r.segments.map((x) => x.name)),
        () => provideSegmentNames([]),
      ),
    [workspaceId],
  );
}
