import path from 'node:path';

/** Every setting Sotong reads from the environment. This is the only module that reads process.env. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Uploaded images and files (the storage port's local folder). */
  filesDir: string;
  /** An S3-compatible bucket for uploaded files instead of the local folder (SOTONG_S3_*; docs/storage.md). */
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined; prefix: string | undefined; pathStyle: boolean } | undefined;
  /** Where the scheduler appends signed checkpoints of the audit chains: outside the store (SOTONG_AUDIT_CHECKPOINT_DIR). */
  auditCheckpointDir: string;
  databaseUrl: string | undefined;
  natsUrl: string | undefined;
  /** JetStream stream name and subject prefix, so several installations can share one NATS. */
  natsStream: string;
  secretKey: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* headers (run behind a TLS-terminating proxy). */
  trustProxy: boolean;
  /**
   * Which proxies in front of Sotong are trusted for the client address (X-Forwarded-For is read from
   * the right, past these): a number of hops, or proxy addresses/CIDRs. Used only with trustProxy.
   */
  trustedProxies: number | string[];
  /** Always Asia/Seoul: one clock everywhere (docs/adr/0004-one-clock.md). */
  timezone: string;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Public base URL, used in links that leave the program (e-mails, webhooks). */
  publicUrl: string | undefined;
  /** Base of short links (SOTONG_LINKS_BASE_URL), e.g. https://go.bank.example; defaults to the public or listening web address. */
  linksBaseUrl: string | undefined;
  /** Workers run intake (the ingest pipeline) before derived work (inbox grouping and routing) under load. */
  intakeFirst: boolean;
  /** Single sign-on with the bank's OpenID Connect provider (docs/security.md); absent when not set. */
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; label: string } | undefined;
  /** Adaptation from corrections: delay after the last correction, and how much is re-scored on a version change. */
  adaptDelayMs: number;
  adaptRescoreDays: number;
  adaptRescoreMax: number;
  /** How long the sender's claim of a due post holds before another worker may take it over and reconcile (SOTONG_PUBLISH_LEASE_MS). */
  publishLeaseMs: number;
  /** How far ahead of their slot posts are checked and recorded, so that at the slot only the calls remain (SOTONG_PUBLISH_AHEAD_MS; 0: at the slot). */
  publishAheadMs: number;
  /**
   * Host names whose attachment files the archive may fetch although they resolve to private, loopback or
   * link-local addresses (SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS, comma-separated; an internal CDN, tests).
   */
  archiveFetchAllowHosts: string[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${parsed.protocol}//"`);
  }
  return raw;
}

/** Sotong keeps one clock, Korea time (docs/adr/0004-one-clock.md): the variable may only say so. */
function timezone(env: NodeJS.ProcessEnv): string {
  const tz = env.SOTONG_TIMEZONE?.trim();
  if (tz && tz !== 'Asia/Seoul') {
    throw new ConfigError(`SOTONG_TIMEZONE must be unset or "Asia/Seoul", got "${tz}": Sotong counts and shows Korea time everywhere (docs/adr/0004-one-clock.md)`);
  }
  return 'Asia/Seoul';
}

function natsStream(env: NodeJS.ProcessEnv): string {
  const v = env.SOTONG_NATS_STREAM?.trim() || 'sotong';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(v)) throw new ConfigError(`SOTONG_NATS_STREAM may use letters, digits, "_" and "-", got "${v}"`);
  return v;
}

function trustedProxies(env: NodeJS.ProcessEnv): number | string[] {
  const raw = env.SOTONG_TRUSTED_PROXIES?.trim() || '1';
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n < 1 || n > 10) throw new ConfigError(`SOTONG_TRUSTED_PROXIES must be a number of hops from 1 to 10, or proxy addresses, got "${raw}"`);
    return n;
  }
  const list = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = list.find((a) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(a));
  if (bad !== undefined) throw new ConfigError(`SOTONG_TRUSTED_PROXIES must be a number of hops, or comma-separated IP addresses/CIDRs, got "${bad}"`);
  return list;
}

function allowHosts(env: NodeJS.ProcessEnv): string[] {
  const list = (env.SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.find((h) => !/^[a-z0-9.:-]{1,253}$/.test(h));
  if (bad !== undefined) throw new ConfigError(`SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS must be comma-separated host names or IP addresses, got "${bad}"`);
  return list;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const level = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const secretKey = env.SOTONG_SECRET_KEY?.trim() || undefined;
  if (secretKey !== undefined && !/^[A-Za-z0-9+/=_-]{43,}$|^[0-9a-fA-F]{64}$/.test(secretKey)) {
    throw new ConfigError('SOTONG_SECRET_KEY must be 32 random bytes as 64 hex characters or base64 (try: openssl rand -base64 32)');
  }
  const dataDir = path.resolve(env.SOTONG_DATA_DIR?.trim() || 'data');
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: int(env, 'PORT', 8080, 0, 65535),
    dataDir,
    filesDir: path.resolve(env.SOTONG_FILES_DIR?.trim() || path.join(dataDir, 'files')),
    s3: s3(env),
    auditCheckpointDir: path.resolve(env.SOTONG_AUDIT_CHECKPOINT_DIR?.trim() || path.join(dataDir, 'audit-checkpoints')),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    natsUrl: url(env, 'NATS_URL', ['nats:', 'tls:']),
    natsStream: natsStream(env),
    secretKey,
    logLevel: level,
    trustProxy: bool(env, 'SOTONG_TRUST_PROXY', false),
    trustedProxies: trustedProxies(env),
    timezone: timezone(env),
    bodyLimit: int(env, 'SOTONG_BODY_LIMIT', 1_048_576, 1024, 100 * 1_048_576),
    intakeFirst: bool(env, 'SOTONG_INTAKE_FIRST', true),
    adaptDelayMs: int(env, 'SOTONG_ADAPT_DELAY_MS', 120_000, 0, 86_400_000),
    adaptRescoreDays: int(env, 'SOTONG_ADAPT_RESCORE_DAYS', 7, 0, 365),
    adaptRescoreMax: int(env, 'SOTONG_ADAPT_RESCORE_MAX', 20_000, 0, 1_000_000),
    publishLeaseMs: int(env, 'SOTONG_PUBLISH_LEASE_MS', 60_000, 2_000, 3_600_000),
    publishAheadMs: int(env, 'SOTONG_PUBLISH_AHEAD_MS', 30_000, 0, 300_000),
    archiveFetchAllowHosts: allowHosts(env),
    publicUrl: url(env, 'SOTONG_PUBLIC_URL', ['http:', 'https:']),
    linksBaseUrl: url(env, 'SOTONG_LINKS_BASE_URL', ['http:', 'https:']),
    oidc: oidc(env),
  };
}

function s3(env: NodeJS.ProcessEnv): Config['s3'] {
  const bucket = env.SOTONG_S3_BUCKET?.trim() || undefined;
  if (!bucket) {
    const stray = ['SOTONG_S3_ENDPOINT', 'SOTONG_S3_ACCESS_KEY_ID', 'SOTONG_S3_SECRET_ACCESS_KEY'].find((n) => env[n]?.trim());
    if (stray) throw new ConfigError(`${stray} is set but SOTONG_S3_BUCKET is not: name the bucket, or unset the SOTONG_S3_* settings to keep files in the local folder`);
    return undefined;
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`SOTONG_S3_BUCKET must be an S3 bucket name (lower-case letters, digits, dots and hyphens, 3 to 63), got "${bucket}"`);
  const endpoint = url(env, 'SOTONG_S3_ENDPOINT', ['http:', 'https:']);
  const region = env.SOTONG_S3_REGION?.trim() || 'us-east-1';
  const accessKeyId = env.SOTONG_S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.SOTONG_S3_SECRET_ACCESS_KEY?.trim();
  if (!endpoint) throw new ConfigError('SOTONG_S3_ENDPOINT is needed with SOTONG_S3_BUCKET (e.g. https://s3.ap-northeast-2.amazonaws.com or http://minio.internal:9000)');
  if (!accessKeyId || !secretAccessKey) throw new ConfigError('SOTONG_S3_ACCESS_KEY_ID and SOTONG_S3_SECRET_ACCESS_KEY are needed with SOTONG_S3_BUCKET');
  if (!/^[a-z0-9-]{2,40}$/.test(region)) throw new ConfigError(`SOTONG_S3_REGION must be a region name such as ap-northeast-2, got "${region}"`);
  const prefix = env.SOTONG_S3_PREFIX?.trim() || undefined;
  if (prefix !== undefined && !/^([A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\/?)+$/.test(prefix)) throw new ConfigError(`SOTONG_S3_PREFIX must be a plain path such as sotong/, got "${prefix}"`);
  return { endpoint, bucket, region, accessKeyId, secretAccessKey, sessionToken: env.SOTONG_S3_SESSION_TOKEN?.trim() || undefined, prefix, pathStyle: bool(env, 'SOTONG_S3_PATH_STYLE', true) };
}

function oidc(env: NodeJS.ProcessEnv): Config['oidc'] {
  const issuer = url(env, 'SOTONG_OIDC_ISSUER', ['http:', 'https:']);
  const clientId = env.SOTONG_OIDC_CLIENT_ID?.trim() || undefined;
  if (!issuer && !clientId) return undefined;
  if (!issuer || !clientId) throw new ConfigError('SOTONG_OIDC_ISSUER and SOTONG_OIDC_CLIENT_ID go together (single sign-on needs both)');
  return { issuer: issuer.replace(/\/$/, ''), clientId, clientSecret: env.SOTONG_OIDC_CLIENT_SECRET?.trim() || undefined, label: env.SOTONG_OIDC_LABEL?.trim() || 'SSO' };
}
