// SQLSTATE classes a later attempt can get past: connection exception, transaction
// rollback (after the store's own retries), insufficient resources, operator
// intervention (shutdown, cancel), system error.
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);

/**
 * Whether storing a batch failed because of the surroundings (database down, restarting,
 * out of connections) rather than because of what is in it. Transient failures are
 * retried without limit, so an outage never sends good events to the dead-letter subject;
 * anything else counts towards the delivery limit.
 */
export function isTransientFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
  // Node's socket errors: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE…
  return /^E[A-Z]+$/.test(code);
}
