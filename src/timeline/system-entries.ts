/** Kinds a person writes or does with the customer; they stay visible when system entries are hidden. */
const PERSON_KINDS = new Set(['note', 'meeting', 'call', 'email', 'task_created', 'task_completed']);

/**
 * A system entry is one no person wrote: ticket and survey traffic, contact syncs, imported
 * contract changes, onboarding steps from a tool. The web app can hide them (or fold one
 * ticket's story into one item) so notes and meetings stay in view (issue 15 item 6).
 *
 * @example
 *   isSystemEntry({ kind: 'ticket', actorUserId: null })    // true
 *   isSystemEntry({ kind: 'meeting', actorUserId: null })   // false (a touch, even when imported)
 *   isSystemEntry({ kind: 'signal', actorUserId: 'u-1' })   // false (a CSM recorded it)
 */
export function isSystemEntry(entry: { kind: string; actorUserId: string | null }): boolean {
  return entry.actorUserId === null && !PERSON_KINDS.has(entry.kind);
}
