import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '../platform/errors.js';

/** The one place where error kinds become HTTP statuses. */
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; field?: string; params?: Record<string, string | number | string[]> };
}

function fieldOf(err: FastifyError): string | undefined {
  const v = err.validation?.[0];
  if (!v) return undefined;
  const missing = (v.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (v.params as { additionalProperty?: string }).additionalProperty;
  const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  return [path, missing].filter(Boolean).join('.') || undefined;
}

/** Turns any thrown value into `{ error: { code, message } }` with the right status; no stack ever leaves. */
export function toErrorResponse(err: unknown, req: FastifyRequest): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof DomainError) {
    return {
      status: STATUS[err.kind],
      body: { error: { code: err.code, message: err.message, ...(err.details.field ? { field: err.details.field } : {}), ...(err.details.params ? { params: err.details.params } : {}) } },
      ...(err.details.retryAfterSeconds ? { headers: { 'retry-after': String(err.details.retryAfterSeconds) } } : {}),
    };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const field = fieldOf(fe);
    const where = fe.validationContext ?? 'body';
    const msg = fe.validation[0]?.message ?? 'is not valid';
    return { status: 400, body: { error: { code: 'validation', message: `${field ? `${where}.${field}` : where} ${msg}`, ...(field ? { field } : {}) } } };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: { code: 'request.malformed_json', message: 'The request body is not valid JSON.' } } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: { code: 'request.too_large', message: 'The request body is too large.' } } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: { code: 'request.unsupported_media_type', message: 'Send the body as application/json.' } } };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { error: { code: 'request.bad_length', message: 'The Content-Length does not match the body.' } } };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: { code: 'request.invalid', message: fe.message } } };
  }
  req.log.error({ err }, 'unhandled error');
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side. The request id is in the x-request-id header.' } } };
}

export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, headers } = toErrorResponse(err, req);
  if (headers) reply.headers(headers);
  return reply.status(status).type('application/json').send(body);
}
