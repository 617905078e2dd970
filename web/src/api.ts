/** JSON client for the Sotong HTTP API (`/api/v1`). Cookie session + CSRF header on non-GET requests. */
import type { AuditPage, Locale, LoginChallenge, MeView, MemberView, MfaEnrolment, MfaStatus, MyInvitationView, Role, RolesView, SessionView, TokenScope, TokenView, UserView } from '../../src/contracts/identity.js';

export type {
  AuditPage,
  AuditView as AuditEntry,
  Locale,
  LoginChallenge,
  MemberView as Member,
  MfaEnrolment,
  MfaStatus,
  MyInvitationView as Invitation,
  Role,
  RolePermissions,
  SessionView as SessionInfo,
  TokenView as ApiToken,
  UserView as User,
} from '../../src/contracts/identity.js';
export const ROLES: readonly Role[] = ['admin', 'manager', 'agent', 'analyst', 'compliance', 'employee'];
export type Scope = TokenScope;
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

/** A workspace of the signed-in user, with their role in it. */
export type Workspace = MeView['workspaces'][number];
/** GET /auth/me; a login's answer also carries the CSRF token. */
export type Session = MeView & { csrfToken?: string };
export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit?: number;
  before?: number;
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
  sessions: () => request<{ sessions: SessionView[] }>('GET', '/auth/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  endOtherSessions: () => request<{ ended: number }>('POST', '/auth/sessions/end-others'),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<Session>('GET', '/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/auth/password', { currentPassword, newPassword }),
  updateMe: (patch: { locale?: Locale; name?: string }) => request<{ user: UserView }>('PATCH', '/me', patch),
  workspaces: () => request<{ workspaces: MeView['workspaces'] }>('GET', '/workspaces'),

  users: (w: string) => request<{ users: MemberView[] }>('GET', `${ws(w)}/users`),
  /** An instance admin creating a new account gets the user; everything else is an invitation. */
  createUser: (w: string, input: { email: string; name: string; role: Role; password?: string }) =>
    request<{ user: MemberView; initialPassword?: string } | { invitation: { id: string; email: string; role: Role; status: string } }>('POST', `${ws(w)}/users`, input),
  invitations: () => request<{ invitations: MyInvitationView[] }>('GET', '/invitations'),
  acceptInvitation: (id: string) => request<void>('POST', `/invitations/${encodeURIComponent(id)}/accept`),
  declineInvitation: (id: string) => request<void>('POST', `/invitations/${encodeURIComponent(id)}/decline`),
  updateUser: (w: string, userId: string, patch: { role?: Role; status?: MemberView['status']; name?: string }) => request<{ user: MemberView }>('PATCH', `${ws(w)}/users/${encodeURIComponent(userId)}`, patch),
  removeUser: (w: string, userId: string) => request<void>('DELETE', `${ws(w)}/users/${encodeURIComponent(userId)}`),

  roles: (w: string) => request<RolesView>('GET', `${ws(w)}/roles`),
  audit: (w: string, f: AuditFilter) => request<AuditPage>('GET', `${ws(w)}/audit${query({ action: f.action, actorId: f.actorId, from: f.from, to: f.to, limit: f.limit, before: f.before })}`),

  tokens: (w: string) => request<{ tokens: TokenView[] }>('GET', `${ws(w)}/tokens`),
  createToken: (w: string, input: { name: string; scopes: Scope[]; expiresInDays?: number }) => request<{ token: TokenView; secret: string }>('POST', `${ws(w)}/tokens`, input),
  revokeToken: (w: string, tokenId: string) => request<void>('DELETE', `${ws(w)}/tokens/${encodeURIComponent(tokenId)}`),
};
