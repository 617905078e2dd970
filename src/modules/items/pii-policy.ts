import type { Kysely } from 'kysely';
import { TtlCache } from '../../platform/cache.js';
import type { Keyring } from '../secrets/index.js';
import type { WorkspacesTables } from '../workspaces/index.js';
import type { ProtectOriginal } from './items.store.js';

export const originalAad = (workspaceId: string) => `${workspaceId}/item-original`;

/**
 * Per-workspace policy for texts that held personal data: by default only the masked text is kept;
 * with `settings.keepOriginalPii` the original is kept too, encrypted under the secret key.
 */
export function piiProtector(keyring: Keyring): ProtectOriginal {
  const policy = new TtlCache<boolean>(10_000);
  // The lookup runs on the caller's transaction: on the embedded store a second connection would wait for ever.
  return async (trx, workspaceId, text) => {
    const keep = await policy.get(workspaceId, async () => {
      const row = await (trx as unknown as Kysely<WorkspacesTables>).selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirst();
      return (row?.settings as { keepOriginalPii?: boolean } | undefined)?.keepOriginalPii === true;
    });
    return keep ? keyring.encrypt(text, originalAad(workspaceId)) : null;
  };
}
