import type { Role } from '../db/schema.js';

export type { Role };
export const ROLES = ['admin', 'leader', 'csm', 'viewer'] as const satisfies readonly Role[];

/**
 * Who is calling, resolved once per request from a session cookie or an API token.
 * Every use case takes an Actor and scopes its queries to `workspaceId`.
 */
export type Actor = {
  workspaceId: string;
  role: Role;
  /** The person behind the call; null for a service token that acts as no one. */
  userId: string | null;
  /** Set when the call came with an API token, for the audit log. */
  tokenId: string | null;
  /** True when the call came with a session cookie, so writes need the CSRF token. */
  viaSession: boolean;
  /**
   * Set when the system acts on its own — a job or a rule, by its name (`mail.invitation`) —
   * so the audit log says "automation" rather than "an admin with no user".
   */
  automation?: string;
  /**
   * Set when an admin views the product as this member (src/auth/view-as.ts): the admin's user
   * id. Reads answer as for the member; the API refuses every write.
   */
  viewedBy?: string;
};
