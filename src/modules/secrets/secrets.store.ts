import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Store } from '../../platform/db/store.js';
import { tables, on, type AnyDb } from '../../platform/db/store.js';
import { createKeyring, keyIdOf, type Keyring } from './keyring.js';

export interface SecretsTables {
  secrets: {
    id: string;
    workspace_id: string;
    owner_type: string;
    owner_id: string;
    envelope: string;
    key_id: string;
    created_at: Date;
    updated_at: Date;
  };
}

/** Additional data bound into each envelope: a secret cannot be copied to another owner's row. */
const aadOf = (workspaceId: string, ownerType: string, ownerId: string) => `${workspaceId}/${ownerType}/${ownerId}`;

/** Encrypted key-value secrets owned by a record (a channel account, an outbound webhook). */
export class SecretsStore {
  private readonly db: Kysely<SecretsTables>;
  constructor(
    store: Store,
    private readonly keyring: Keyring,
  ) {
    this.db = tables<SecretsTables>(store);
  }

  async put(workspaceId: string, ownerType: string, ownerId: string, value: Record<string, string>, db: AnyDb = this.db): Promise<void> {
    const envelope = this.keyring.encrypt(JSON.stringify(value), aadOf(workspaceId, ownerType, ownerId));
    await on<SecretsTables>(db)
      .insertInto('secrets')
      .values({ id: crypto.randomUUID(), workspace_id: workspaceId, owner_type: ownerType, owner_id: ownerId, envelope, key_id: this.keyring.keyId, created_at: new Date(), updated_at: new Date() })
      .onConflict((oc) => oc.columns(['workspace_id', 'owner_type', 'owner_id']).doUpdateSet({ envelope, key_id: this.keyring.keyId, updated_at: new Date() }))
      .execute();
  }

  /**
   * Stores the value unless the owner has one already, and returns the one stored: of several callers
   * racing to make a secret on first use, every one gets the winner's (a put would let a later one
   * replace a key that an earlier one has already signed with).
   */
  async putIfAbsent(workspaceId: string, ownerType: string, ownerId: string, value: Record<string, string>): Promise<Record<string, string>> {
    const envelope = this.keyring.encrypt(JSON.stringify(value), aadOf(workspaceId, ownerType, ownerId));
    await this.db
      .insertInto('secrets')
      .values({ id: crypto.randomUUID(), workspace_id: workspaceId, owner_type: ownerType, owner_id: ownerId, envelope, key_id: this.keyring.keyId, created_at: new Date(), updated_at: new Date() })
      .onConflict((oc) => oc.columns(['workspace_id', 'owner_type', 'owner_id']).doNothing())
      .execute();
    return (await this.get(workspaceId, ownerType, ownerId))!;
  }

  async get(workspaceId: string, ownerType: string, ownerId: string): Promise<Record<string, string> | undefined> {
    const row = await this.db.selectFrom('secrets').select('envelope').where('workspace_id', '=', workspaceId).where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).executeTakeFirst();
    return row ? (JSON.parse(this.keyring.decrypt(row.envelope, aadOf(workspaceId, ownerType, ownerId))) as Record<string, string>) : undefined;
  }

  async delete(workspaceId: string, ownerType: string, ownerId: string, db: AnyDb = this.db): Promise<void> {
    await on<SecretsTables>(db).deleteFrom('secrets').where('workspace_id', '=', workspaceId).where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).execute();
  }
}

/** Key ids the stored secrets use; start-up refuses a key that cannot read them. */
export async function storedKeyIds(store: Store): Promise<string[]> {
  const rows = await tables<SecretsTables>(store).selectFrom('secrets').select('key_id').distinct().execute();
  return rows.map((r) => r.key_id);
}

/** Re-encrypts every secret under `newKey` in one transaction; returns how many were rewritten. */
export async function rotateSecrets(store: Store, oldKeyring: Keyring, newKey: Buffer): Promise<number> {
  const next = createKeyring(newKey);
  return tables<SecretsTables>(store)
    .transaction()
    .execute(async (trx) => {
      const rows = await trx.selectFrom('secrets').selectAll().forUpdate().execute();
      for (const r of rows) {
        const aad = aadOf(r.workspace_id, r.owner_type, r.owner_id);
        const envelope = next.encrypt(oldKeyring.decrypt(r.envelope, aad), aad);
        await trx
          .updateTable('secrets')
          .set({ envelope, key_id: keyIdOf(newKey), updated_at: new Date() })
          .where('id', '=', r.id)
          .execute();
      }
      return rows.length;
    });
}
