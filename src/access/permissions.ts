import { forbidden } from '../core/errors.js';
import type { Actor } from './actor.js';

/**
 * The part of an account the write rules look at. `grantedToActor`: a leader gave the
 * actor write access to this account or to its owner's book (accounts/account-grants.ts).
 */
export type OwnedRecord = { owner_id: string | null; grantedToActor?: boolean };

/**
 * Write rules, kept pure so they can be read (and tested) as a table:
 * - admin and leader write everything in their workspace;
 * - csm writes the accounts it owns (its book), accounts it was granted, and what hangs off them;
 * - viewer writes nothing, grant or not.
 */
export function canWriteAccount(actor: Actor, account: OwnedRecord): boolean {
  if (actor.role === 'admin' || actor.role === 'leader') return true;
  if (actor.role === 'csm') return actor.userId !== null && (account.owner_id === actor.userId || account.grantedToActor === true);
  return false;
}

export function canCreateAccounts(actor: Actor): boolean {
  return actor.role !== 'viewer';
}

/** Users, tokens and workspace settings. */
export function canAdministerWorkspace(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** The audit log shows before/after values of everything, so only leaders and admins read it. */
export function canReadAuditLog(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'leader';
}

export function assertCanWriteAccountOrThrow(actor: Actor, account: OwnedRecord): void {
  if (canWriteAccount(actor, account)) return;
  if (actor.role === 'viewer') throw forbidden('Viewers have read-only access.');
  throw forbidden('This account belongs to another CSM’s book; ask its owner, or a leader for write access.');
}

export function assertCanCreateAccountsOrThrow(actor: Actor): void {
  if (!canCreateAccounts(actor)) throw forbidden('Viewers have read-only access.');
}

export function assertCanAdministerOrThrow(actor: Actor): void {
  if (!canAdministerWorkspace(actor)) throw forbidden('Only workspace admins can do this.');
}

export function assertCanReadAuditLogOrThrow(actor: Actor): void {
  if (!canReadAuditLog(actor)) throw forbidden('Only admins and leaders can read the audit log.');
}

/** For any write that is not tied to one account (e.g. notes on nothing): anyone but a viewer. */
export function assertCanWriteOrThrow(actor: Actor): void {
  if (actor.role === 'viewer') throw forbidden('Viewers have read-only access.');
}

/** Throws Forbidden naming what only leaders and admins may do. */
export function forbiddenUnlessLeader(what: string): never {
  throw forbidden(`Only leaders and admins can ${what}.`);
}
