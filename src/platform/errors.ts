/**
 * Domain errors carry a stable code and a kind; never an HTTP status. The HTTP layer's one mapper
 * (src/http/errors.ts) and the CLI turn kinds into statuses and exit codes.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'too_large' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** `params`: the numbers and names of the problem, so a UI can say it in its own language. */
    readonly details: { field?: string; retryAfterSeconds?: number; params?: Record<string, string | number | string[]> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, field?: string) => new DomainError('invalid', code, message, field ? { field } : {});
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const forbidden = (message = 'You do not have permission to do this.') => new DomainError('forbidden', 'auth.forbidden', message);
export const unauthenticated = (code = 'auth.required', message = 'Log in first.') => new DomainError('unauthenticated', code, message);
