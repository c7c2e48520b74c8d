import { invalid } from '../core/errors.js';
import type { MappedValues } from './map-record.js';
import { findMember, isEmptyCrmId } from './plan-changes.js';

type Member = { id: string; email: string; name: string };

/** Owner value as the file writes it → the id of the workspace member who owns those rows. */
export type OwnerMap = Record<string, string>;

/** One owner value of the file that no member (and no ownerMap entry) matches, with how many rows name it. */
export type UnmatchedOwner = { owner: string; rows: number };

/**
 * What a row's owner column means: `absent` (not mapped: the owner is left as it is), `none`
 * (an empty cell or Salesforce's empty id: unowned), a `member`, or `unmatched` (a person
 * outside the workspace: the row imports unowned with a warning).
 */
export type OwnerMatch =
  { kind: 'absent' } | { kind: 'none' } | { kind: 'member'; member: Member } | { kind: 'unmatched'; owner: string };

const keyOf = (owner: string) => owner.trim().toLowerCase();

/**
 * Checks an ownerMap against the workspace's members and returns a matcher. Keys match the
 * file's owner values in any case; an id that is not a member's is refused, naming the key,
 * before anything is read or written. The preview, the dry run and the import all match
 * owners through this one function, so the preview lists exactly who the import would warn about.
 *
 * @example
 *   const match = ownerMatcherOrThrow(members, { 'Jordan Smith': dana.id });
 *   match({ owner: 'jordan smith' }) // → { kind: 'member', member: dana }
 */
export function ownerMatcherOrThrow(members: Member[], ownerMap: OwnerMap = {}): (values: MappedValues) => OwnerMatch {
  const mapped = new Map<string, Member>();
  for (const [owner, userId] of Object.entries(ownerMap)) {
    const member = members.find((candidate) => candidate.id === userId);
    if (!member) {
      throw invalid(
        `ownerMap["${owner}"] names user "${userId}", who is not a member of this workspace; pick a member for each owner.`,
        [{ path: `ownerMap.${owner}`, message: 'not a workspace member' }],
      );
    }
    mapped.set(keyOf(owner), member);
  }
  return (values) => {
    const raw = values.owner as string | null | undefined;
    if (raw === undefined) return { kind: 'absent' };
    if (raw === null || isEmptyCrmId(raw)) return { kind: 'none' };
    const member = mapped.get(keyOf(raw)) ?? findMember(members, raw);
    return member ? { kind: 'member', member } : { kind: 'unmatched', owner: raw };
  };
}

/** The warning of a row whose owner is not a member; the import reports it, the preview counts it. */
export function unmatchedOwnerReason(owner: string): string {
  return `owner "${owner}" is not a member of this workspace (no member has that email or name); imported without an owner`;
}

/** Counts the rows of each unmatched owner, most rows first (then by name), for the preview and the report. */
export class UnmatchedOwnerTally {
  // By owner in any case (as the ownerMap matches them), under the first spelling seen.
  private readonly counts = new Map<string, UnmatchedOwner>();

  add(match: OwnerMatch): void {
    if (match.kind !== 'unmatched') return;
    const entry = this.counts.get(keyOf(match.owner));
    if (entry) entry.rows += 1;
    else this.counts.set(keyOf(match.owner), { owner: match.owner.trim(), rows: 1 });
  }

  list(): UnmatchedOwner[] {
    return [...this.counts.values()]
      .map((entry) => ({ ...entry }))
      .sort((a, b) => b.rows - a.rows || a.owner.localeCompare(b.owner));
  }
}
