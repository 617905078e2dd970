/** JSON client for the Sotong HTTP API (`/api/v1`). Cookie session + CSRF header on non-GET requests. */

export type Locale = 'ko' | 'en';
export type Role = 'admin' | 'manager' | 'agent' | 'analyst' | 'compliance' | 'employee';
export const ROLES: readonly Role[] = ['admin', 'manager', 'agent', 'analyst', 'compliance', 'employee'];
export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

export interface User {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  isInstanceAdmin: boolean;
}
export interface Workspace {
  id: string;
  name: string;
  slug: string;
  role: Role;
}
export interface Session {
  user: User;
  workspaces: Workspace[];
  csrfToken?: string;
}
export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: string;
  lastLoginAt: string | null;
}
export interface RolePermissions {
  role: Role;
  permissions: string[];
}
export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  /** A person, or something else that acted (`{id: null, label}`: the system, an API token). */
  actor: { id: string; email: string; name: string } | { id: null; label: string } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}
export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
}
export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit?: number;
  before?: number;
}
export interface ApiToken {
  id: string;
  name: string;
  scopes: Scope[];
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  createdBy: string | { id: string; email?: string; name?: string } | null;
}

/** An error answer from the API (`{error:{code,message,field?}}`) or a failure to reach it (`code: 'network'`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds from the Retry-After header, when the server sent one. */
    readonly retryAfter?: number,
    /** The whole `error` object of the answer, for codes that carry more (e.g. a query parser's position). */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorizedHandler: (() => void) | undefined;
let csrfFallback: string | undefined;

/** Called when the API says the session is gone (401 other than wrong credentials). */
export function onUnauthorized(handler: (() => void) | undefined): void {
  unauthorizedHandler = handler;
}

export interface LoginChallenge {
  token: string;
  kind: 'totp' | 'enrol';
  expiresAt: string;
}
export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
}
export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}
export interface SessionInfo {
  id: string;
  current: boolean;
  ip: string | null;
  device: string;
  createdAt: string;
  lastSeenAt: string;
}

/** Kept from the login answer, used only when the `sotong_csrf` cookie cannot be read. */
export function rememberCsrfToken(token: string | undefined): void {
  csrfFallback = token;
}

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'sotong_csrf') return decodeURIComponent(rest.join('='));
  }
  return csrfFallback;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { body: JSON.stringify(body), contentType: 'application/json' });
}

/** Sends raw bytes (a file) as the request body, e.g. an import: `upload('POST', path, file, 'text/csv')`. */
export function upload<T>(method: string, path: string, body: Blob | string, contentType: string): Promise<T> {
  return send<T>(method, path, { body, contentType });
}

async function send<T>(method: string, path: string, payload?: { body: BodyInit; contentType: string }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload) headers['content-type'] = payload.contentType;
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: payload?.body,
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  const text = res.status === 204 ? '' : await res.text();
  let data: unknown;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
    const error = new ApiError(
      res.status,
      typeof e?.code === 'string' ? e.code : `http.${res.status}`,
      typeof e?.message === 'string' ? e.message : res.statusText || `HTTP ${res.status}`,
      typeof e?.field === 'string' ? e.field : undefined,
      parseRetryAfter(res.headers.get('retry-after')),
      e && typeof e === 'object' ? (e as Record<string, unknown>) : undefined,
    );
    // A wrong password or code is the caller's to show; only a lost session signs out.
    if (res.status === 401 && !['auth.invalid_credentials', 'auth.invalid_code', 'auth.challenge_expired'].includes(error.code)) unauthorizedHandler?.();
    throw error;
  }
  return data as T;
}

export const ws = (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}`;

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Invitation {
  id: string;
  role: Role;
  createdAt: string;
  workspace: { id: string; name: string; slug: string };
}

export const api = {
  /** A session, or (`mfa`) a challenge: a code is due, or the user must set up two-step verification first. */
  login: (email: string, password: string) => request<Session | { mfa: LoginChallenge }>('POST', '/auth/login', { email, password }),
  sso: () => request<{ sso: { enabled: boolean; label?: string } }>('GET', '/auth/sso'),
  verifyLogin: (challenge: string, code: string) => request<Session>('POST', '/auth/login/verify', { challenge, code }),
  loginEnrol: (challenge: string) => request<MfaEnrolment>('POST', '/auth/login/enrol', { challenge }),
  loginEnrolConfirm: (challenge: string, code: string) => request<Session & { recoveryCodes: string[] }>('POST', '/auth/login/enrol/confirm', { challenge, code }),
  mfaStatus: () => request<{ mfa: MfaStatus }>('GET', '/auth/mfa'),
  mfaSetup: () => request<MfaEnrolment>('POST', '/auth/mfa/setup'),
  mfaConfirm: (code: string) => request<{ recoveryCodes: string[] }>('POST', '/auth/mfa/confirm', { code }),
  mfaDisable: (password: string, code: string) => request<void>('POST', '/auth/mfa/disable', { password, code }),
  sessions: () => request<{ sessions: SessionInfo[] }>('GET', '/auth/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  endOtherSessions: () => request<{ ended: number }>('POST', '/auth/sessions/end-others'),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<Session>('GET', '/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/auth/password', { currentPassword, newPassword }),
  updateMe: (patch: { locale?: Locale; name?: string }) => request<{ user: User }>('PATCH', '/me', patch),
  workspaces: () => request<{ workspaces: Workspace[] }>('GET', '/workspaces'),

  users: (w: string) => request<{ users: Member[] }>('GET', `${ws(w)}/users`),
  /** An instance admin creating a new account gets the user; everything else is an invitation. */
  createUser: (w: string, input: { email: string; name: string; role: Role; password?: string }) =>
    request<{ user: Member; initialPassword?: string } | { invitation: { id: string; email: string; role: Role; status: string } }>('POST', `${ws(w)}/users`, input),
  invitations: () => request<{ invitations: Invitation[] }>('GET', '/invitations'),
  acceptInvitation: (id: string) => request<void>('POST', `/invitations/${encodeURIComponent(id)}/accept`),
  declineInvitation: (id: string) => request<void>('POST', `/invitations/${encodeURIComponent(id)}/decline`),
  updateUser: (w: string, userId: string, patch: { role?: Role; status?: Member['status']; name?: string }) => request<{ user: Member }>('PATCH', `${ws(w)}/users/${encodeURIComponent(userId)}`, patch),
  removeUser: (w: string, userId: string) => request<void>('DELETE', `${ws(w)}/users/${encodeURIComponent(userId)}`),

  roles: (w: string) => request<{ roles: RolePermissions[] }>('GET', `${ws(w)}/roles`),
  audit: (w: string, f: AuditFilter) => request<AuditPage>('GET', `${ws(w)}/audit${query({ action: f.action, actorId: f.actorId, from: f.from, to: f.to, limit: f.limit, before: f.before })}`),

  tokens: (w: string) => request<{ tokens: ApiToken[] }>('GET', `${ws(w)}/tokens`),
  createToken: (w: string, input: { name: string; scopes: Scope[]; expiresInDays?: number }) => request<{ token: ApiToken; secret: string }>('POST', `${ws(w)}/tokens`, input),
  revokeToken: (w: string, tokenId: string) => request<void>('DELETE', `${ws(w)}/tokens/${encodeURIComponent(tokenId)}`),
};
