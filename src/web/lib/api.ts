/** One way to talk to the Boomerang API: JSON in and out, CSRF header, problem+json errors. */

export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly detail: string;
  readonly issues: FieldIssue[];

  constructor(init: { status: number; title: string; detail?: string; code?: string; issues?: FieldIssue[] }) {
    super(init.detail || init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail || init.title;
    this.issues = init.issues ?? [];
  }
}

// Kept in memory only: the session cookie is httpOnly and the token comes back from /auth/me on reload.
let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Lets the auth layer send the user to the login page when a session expires mid-use. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Sent as is (a File streams from disk), instead of `body` as JSON; for uploads. */
  upload?: { blob: Blob; contentType: string };
  signal?: AbortSignal;
  /** Auth probes expect 401 and must not trigger the global "session expired" redirect. */
  skipUnauthorizedHandler?: boolean;
};

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.upload) headers['Content-Type'] = options.upload.contentType;
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  const response = await fetch(path, {
    method,
    headers,
    body: options.upload ? options.upload.blob : options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && !options.skipUnauthorizedHandler) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = { status: response.status, title: response.statusText || `Request failed (${response.status})` };
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!contentType.includes('json')) return new ApiError(fallback);
  try {
    const problem = (await response.json()) as Partial<{
      title: string;
      detail: string;
      code: string;
      issues: FieldIssue[];
    }>;
    return new ApiError({
      status: response.status,
      title: problem.title ?? fallback.title,
      detail: problem.detail,
      code: problem.code,
      issues: Array.isArray(problem.issues) ? problem.issues : undefined,
    });
  } catch {
    return new ApiError(fallback);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export type Page<T> = { data: T[]; nextCursor: string | null };
export type List<T> = { data: T[] };
