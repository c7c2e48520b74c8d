import type { ImportPreview } from './data.types.js';

export type UnmatchedOwner = ImportPreview['unmatchedOwners'][number];

/**
 * The owners to offer a member for: those already listed (kept once mapped, so their select
 * stays on screen), plus any new one a preview or dry run found, with its larger row count
 * (the preview reads only the head of the file, a dry run all of it). Owners differing only
 * in case are one, as the import matches them. Most rows first.
 *
 * @example
 *   mergeUnmatchedOwners([{ owner: 'Jordan Smith', rows: 2 }], [{ owner: 'jordan smith', rows: 40 }, { owner: 'Gavin B', rows: 1 }])
 *   // → [{ owner: 'Jordan Smith', rows: 40 }, { owner: 'Gavin B', rows: 1 }]
 */
export function mergeUnmatchedOwners(known: UnmatchedOwner[], found: UnmatchedOwner[]): UnmatchedOwner[] {
  const byKey = new Map(known.map((entry) => [entry.owner.toLowerCase(), { ...entry }]));
  for (const entry of found) {
    const existing = byKey.get(entry.owner.toLowerCase());
    if (existing) existing.rows = Math.max(existing.rows, entry.rows);
    else byKey.set(entry.owner.toLowerCase(), { ...entry });
  }
  return [...byKey.values()].sort((a, b) => b.rows - a.rows || a.owner.localeCompare(b.owner));
}

/** The ownerMap to send: only owners given a member ("" in the select means "leave unowned"). */
export function chosenOwnerMap(choices: Record<string, string>): Record<string, string> | undefined {
  const entries = Object.entries(choices).filter(([, userId]) => userId !== '');
  return entries.length ? Object.fromEntries(entries) : undefined;
}
