/** The Mastodon client API's tables (migrations/0023_microblog.sql). */
import type { Generated } from 'kysely';

export interface MastodonTables {
  mastodon_apps: { id: Generated<number>; client_id: string; client_secret_hash: string; name: string; website: string | null; redirect_uris: string; scopes: string; created_at: Date };
  mastodon_codes: { code_hash: string; app_id: number; workspace_id: string; user_id: string; redirect_uri: string; scopes: string; expires_at: Date; used_at: Date | null };
  mastodon_tokens: { token_hash: string; app_id: number; workspace_id: string | null; user_id: string | null; scopes: string; created_at: Date; revoked_at: Date | null };
}
