/**
 * Login throttling, pure: what one counter (a client address, or an account's email) allows
 * next. The state lives in the database (login_throttles) so every API process counts the
 * same attempts; `login` locks the rows, asks `admitAttempt`, and stores the answer.
 *
 * Each counter admits `limit` attempts per window. The attempt after that starts a lockout:
 * first `firstLockoutMs`, doubling with each lockout in a row, never longer than
 * `maxLockoutMs`. Attempts refused during a lockout do not extend it, so someone hammering an
 * email can only slow its owner down — never lock them out for good — and a window that
 * passes without hitting the limit forgets the earlier lockouts. A successful login clears
 * the email's counter and gives the address back its attempt (`afterSuccess`), so an office
 * behind one address is not throttled by its own good logins.
 */
export type LoginLimits = {
  /** Attempts per window for one account, from any number of addresses. */
  perEmail: number;
  /** Attempts per window from one client address, for any number of accounts. */
  perAddress: number;
  windowMs: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
};

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perEmail: 10,
  perAddress: 100,
  windowMs: 15 * 60_000,
  firstLockoutMs: 60_000,
  maxLockoutMs: 15 * 60_000,
};

export type ThrottleState = {
  attempts: number;
  windowStartedAt: Date;
  lockouts: number;
  lockedUntil: Date | null;
  /** After this the row means nothing: a fresh counter. */
  expiresAt: Date;
};

export type Admission = { admitted: true; next: ThrottleState } | { admitted: false; retryAfterMs: number; next: ThrottleState };

function fresh(now: Date): ThrottleState {
  return { attempts: 0, windowStartedAt: now, lockouts: 0, lockedUntil: null, expiresAt: now };
}

function withExpiry(state: Omit<ThrottleState, 'expiresAt'>, limits: LoginLimits): ThrottleState {
  // The lockout streak is remembered for one window after the last lockout ends (or after the window starts).
  const from = Math.max(state.windowStartedAt.getTime(), state.lockedUntil?.getTime() ?? 0);
  return { ...state, expiresAt: new Date(from + limits.windowMs) };
}

/**
 * Counts one attempt against a counter with `limit` attempts per window.
 *
 * @example
 *   admitAttempt(undefined, 10, DEFAULT_LOGIN_LIMITS, now) // { admitted: true, next: { attempts: 1, … } }
 */
export function admitAttempt(stored: ThrottleState | undefined, limit: number, limits: LoginLimits, now: Date): Admission {
  const state = stored && stored.expiresAt > now ? { ...stored } : fresh(now);
  if (state.lockedUntil && state.lockedUntil > now) {
    return { admitted: false, retryAfterMs: state.lockedUntil.getTime() - now.getTime(), next: state };
  }
  if (now.getTime() - state.windowStartedAt.getTime() >= limits.windowMs) {
    state.attempts = 0;
    state.windowStartedAt = now;
  }
  if (state.attempts >= limit) {
    const lockoutMs = Math.min(limits.firstLockoutMs * 2 ** state.lockouts, limits.maxLockoutMs);
    const lockedUntil = new Date(now.getTime() + lockoutMs);
    const next = withExpiry({ attempts: 0, windowStartedAt: lockedUntil, lockouts: state.lockouts + 1, lockedUntil }, limits);
    return { admitted: false, retryAfterMs: lockoutMs, next };
  }
  return { admitted: true, next: withExpiry({ ...state, attempts: state.attempts + 1 }, limits) };
}

/** An address's counter after a successful login: its attempt given back (an email's counter is simply deleted). */
export function afterSuccess(stored: ThrottleState, now: Date): ThrottleState | undefined {
  if (stored.expiresAt <= now) return undefined;
  return { ...stored, attempts: Math.max(stored.attempts - 1, 0) };
}

/**
 * The form of an email that login compares and throttles on, so " Dana@Acme.example",
 * "dana@acme.example" and its full-width or ligature look-alikes are one account and one
 * counter: Unicode NFKC, trimmed, lower case.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
