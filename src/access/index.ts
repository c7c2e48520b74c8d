/**
 * Who is calling (the Actor) and what each role may do. A module of its own, below auth/,
 * workspaces/ and audit/: auth resolves actors and manages memberships through workspaces/
 * and writes audit rows, while workspaces/ and audit/ check these rules — so the rules sit
 * where all three can import them without a cycle. Pure: no I/O.
 */
export type { Actor, Role } from './actor.js';
export { ROLES } from './actor.js';
export * from './permissions.js';
