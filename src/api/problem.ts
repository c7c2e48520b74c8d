import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_TITLE, type ErrorCode, type FieldIssue } from '../core/errors.js';

/** RFC 9457 body. `type` is stable per code so clients can branch on it. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'internal';
  instance?: string;
  issues?: FieldIssue[];
  /** /v1 only: the detail again, where Segment's SDKs read it (with `code`). */
  message?: string;
};

const PROBLEM_TYPE_BASE = 'https://boomerang.dev/problems/';

export function problemFor(error: AppError, instance?: string): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code.replaceAll('_', '-')}`,
    title: ERROR_TITLE[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    instance,
    ...(error.issues ? { issues: error.issues } : {}),
  };
}

// PostgreSQL SQLSTATEs that mean the caller sent something the data model refuses.
const PG_CONSTRAINT_ERRORS: Record<string, ErrorCode> = {
  '23505': 'conflict', // unique_violation
  '23503': 'validation_failed', // foreign_key_violation
  '23514': 'validation_failed', // check_violation
  '23502': 'validation_failed', // not_null_violation
  '22P02': 'validation_failed', // invalid_text_representation (e.g. a malformed uuid)
  '22007': 'validation_failed', // invalid_datetime_format
  '22008': 'validation_failed', // datetime_field_overflow
  '22003': 'validation_failed', // numeric_value_out_of_range
};

/**
 * Last resort behind validation (api/storable-input-hook.ts, the /v1 parser, the webhook
 * normaliser): any other "data exception" (SQLSTATE class 22 — invalid byte sequence,
 * untranslatable character, value out of range, bad JSON escape…) and a value too deeply
 * nested to parse (54001) came from the request's values, so they are a 400, never a 500.
 * Each one that reaches here is a validation rule still missing.
 */
function isDataException(sqlState: string): boolean {
  return sqlState.startsWith('22') || sqlState === '54001';
}

// Fastify's own errors for bodies it cannot take.
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'validation_failed', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'validation_failed',
    detail: 'The body is empty but Content-Type is application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', detail: 'The body is larger than this endpoint accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'validation_failed', detail: 'Send the body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'validation_failed', detail: 'Content-Length does not match the body.' },
};

/** Turns whatever was thrown into an AppError, or undefined for a real internal error. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: [error.validationContext, ...(issue.instancePath.split('/').filter(Boolean) ?? [])].join('.'),
      message: issue.message ?? 'is invalid',
    }));
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return new AppError('validation_failed', `Invalid request: ${summary}`, { issues });
  }
  const fastifyCode = (error as FastifyError | undefined)?.code;
  if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return new AppError(known.code, known.detail);
  }
  // Any other client error fastify or a plugin raises (a path segment past maxParamLength,
  // an unsupported media type…): still a problem document, never a 500.
  const clientStatus = (error as FastifyError | undefined)?.statusCode;
  if (fastifyCode?.startsWith('FST_') && clientStatus && clientStatus >= 400 && clientStatus < 500) {
    const code: ErrorCode = clientStatus === 413 ? 'payload_too_large' : clientStatus === 429 ? 'rate_limited' : 'validation_failed';
    return new AppError(code, (error as FastifyError).message.slice(0, 200), { cause: error });
  }
  const sqlState = (error as { code?: unknown } | undefined)?.code;
  if (typeof sqlState === 'string' && PG_CONSTRAINT_ERRORS[sqlState]) {
    const pgError = error as { detail?: string; message?: string; constraint?: string };
    // "Failing row contains (…)" repeats the whole row, hashes of credentials included: say which rule failed instead.
    const detail = pgError.detail && !pgError.detail.startsWith('Failing row') ? pgError.detail : pgError.message;
    return new AppError(PG_CONSTRAINT_ERRORS[sqlState], detail ?? 'Constraint violated', { cause: error });
  }
  if (typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState) && isDataException(sqlState)) {
    return new AppError('validation_failed', 'A value in the request cannot be stored (out of range or not valid text).', {
      cause: error,
      issues: [{ path: 'body', message: 'holds a value the database cannot store' }],
    });
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError) {
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
    return sendProblem(reply, problemFor(appError, request.url));
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, {
    type: `${PROBLEM_TYPE_BASE}internal`,
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. The error was logged.',
    code: 'internal',
    instance: request.url,
  });
}
