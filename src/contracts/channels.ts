/**
 * Channel types, connected accounts and dead letters as the API shows them (`/api/v1/w/:ws/channels`,
 * `/accounts`, `/dead-letters`; docs/channels.md). Types only; dates are ISO strings.
 */

/** A JSON Schema as the server sends it for channel settings and credentials. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchema[];
  [key: string]: unknown;
}

/** A channel type that can be connected (GET /channels). */
export interface ChannelTypeView {
  type: string;
  name: string;
  settingsSchema: JsonSchema;
  credentialsSchema: JsonSchema;
  webhook: boolean;
  poll: boolean;
  stream: boolean;
}

export type AccountStatus = 'active' | 'paused' | 'error' | 'disconnected';

export interface AccountHealth {
  status?: 'ok' | 'degraded' | 'down';
  message?: string;
  lastEventAt?: string;
  /** Milliseconds between an item's creation at the channel and its arrival here, last seen. */
  lagMs?: number;
  rateLimit?: { limit?: number; remaining?: number; resetAt?: string };
  tokenExpiresAt?: string;
  lastError?: string;
  checkedAt?: string;
}

/** A connected channel account. */
export interface AccountView {
  id: string;
  type: string;
  channel: string;
  name: string;
  settings: Record<string, unknown>;
  status: AccountStatus;
  webhookPath: string;
  pollIntervalMs: number;
  health: AccountHealth;
  createdAt: string;
}

/** A delivery that could not be ingested (GET /dead-letters). */
export interface DeadLetterView {
  id: string;
  accountId: string;
  receivedAt: string;
  source: 'webhook' | 'poll' | 'stream' | 'import' | 'demo';
  attempts: number;
  error: string | null;
  /** The first 500 characters of the body. */
  preview: string;
}

/** A text's length as a channel counts it (the publishing check; the web's composer counts the same way). */
export interface Measurement {
  /** x-weighted: X's weighted count; graphemes: user-perceived characters; characters: code points. */
  unit: 'x-weighted' | 'graphemes' | 'characters';
  length: number;
  /** The most the channel accepts; null when it sets no limit. */
  limit: number | null;
  /** The channel refuses a post without an image on this target (declared by the adapter's own counter). */
  imageRequired?: boolean;
}
