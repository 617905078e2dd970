import { on } from '../../platform/db/store.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import { TtlCache } from '../../platform/cache.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Keyring } from '../secrets/index.js';
import { WORKSPACE_SETTINGS_CHANGED_SUBJECT, type WorkspaceSettingsChanged, type WorkspacesTables } from '../workspaces/index.js';
import type { ProtectOriginal } from './items.store.js';

export const originalAad = (workspaceId: string) => `${workspaceId}/item-original`;

/**
 * Per-workspace policy for texts that held personal data: by default only the masked text is kept;
 * with `settings.keepOriginalPii` the original is kept too, encrypted under the secret key. The setting
 * is cached for 10 s per workspace; a change of the workspace's settings drops it in every process
 * that `watch()`es (the workspaces module announces it on the bus).
 */
export class PiiPolicy {
  private readonly keep: TtlCache<boolean>;
  constructor(
    private readonly keyring: Keyring,
    clock: Clock,
    private readonly bus?: Bus,
  ) {
    this.keep = new TtlCache<boolean>(10_000, clock);
  }

  // The lookup runs on the caller's transaction: on the embedded store a second connection would wait for ever.
  readonly protect: ProtectOriginal = async (trx, workspaceId, text) => {
    const keep = await this.keep.get(workspaceId, async () => {
      const row = await on<WorkspacesTables>(trx).selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirst();
      return (row?.settings as { keepOriginalPii?: boolean } | undefined)?.keepOriginalPii === true;
    });
    return keep ? this.keyring.encrypt(text, originalAad(workspaceId)) : null;
  };

  watch(): Promise<Subscription> | undefined {
    return this.bus?.subscribe<WorkspaceSettingsChanged>(WORKSPACE_SETTINGS_CHANGED_SUBJECT, (msg) => this.keep.delete(msg.data.workspaceId));
  }
}
