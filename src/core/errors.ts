/**
 * The one error type the product throws on purpose. Each code maps to an HTTP status
 * (see `ERROR_STATUS`) and a CLI exit code; anything else is an unexpected 500.
 */
export type ErrorCode =
  /** The request is malformed or fails validation; the caller must fix the input. */
  | 'validation_failed'
  /** No credentials, or they are wrong or expired; the caller should log in again. */
  | 'unauthenticated'
  /** Authenticated, but the role does not allow this; retrying will not help. */
  | 'forbidden'
  /** The object does not exist in the caller's workspace (other workspaces look the same). */
  | 'not_found'
  /** The change clashes with existing data (duplicate name, stale state). */
  | 'conflict'
  /** The body is larger than the route accepts. */
  | 'payload_too_large'
  /** Too many attempts; wait and retry. */
  | 'rate_limited'
  /** The embedded database is held by another process. */
  | 'database_locked'
  /** A service the request depends on (the event stream) cannot be reached; retry later. */
  | 'unavailable';

export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  database_locked: 423,
  unavailable: 503,
} satisfies Record<ErrorCode, number>;

export const ERROR_TITLE = {
  validation_failed: 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  rate_limited: 'Too many requests',
  database_locked: 'Database in use',
  unavailable: 'Service unavailable',
} satisfies Record<ErrorCode, string>;

export type FieldIssue = { path: string; message: string };

export type AppErrorOptions = {
  /** Safe to show to users. */
  detail?: string;
  issues?: FieldIssue[];
  cause?: unknown;
  /** For rate_limited: when to try again (sent as Retry-After). */
  retryAfterSeconds?: number;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly issues: FieldIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail ?? message;
    this.issues = options.issues;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (entity: string, id?: string): AppError =>
  new AppError('not_found', id ? `${entity} ${id} was not found` : `${entity} was not found`);

export const forbidden = (why: string): AppError => new AppError('forbidden', why);

export const invalid = (message: string, issues?: FieldIssue[]): AppError =>
  new AppError('validation_failed', message, { issues });

export const conflict = (message: string): AppError => new AppError('conflict', message);
