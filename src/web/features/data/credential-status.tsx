import { Badge } from '../../components/badge.js';
import { formatDate, formatRelativeTime } from '../../lib/format.js';

/** When a write key or signing secret was last used, or "never". */
export function LastUsed({ at }: { at: string | null }) {
  return at ? <>{formatRelativeTime(at)}</> : <span className="cell--muted">never</span>;
}

/** A write key or signing secret is live until revoked, and says since when it is not. */
export function CredentialStatus({ revokedAt }: { revokedAt: string | null }) {
  return revokedAt ? <Badge tone="neutral">Revoked {formatDate(revokedAt)}</Badge> : <Badge tone="green">Live</Badge>;
}
