import type { TimelineEntry } from './accounts.types.js';

export type TimelineItem =
  | { type: 'entry'; entry: TimelineEntry }
  /** One record's system entries (a ticket opened, solved, rated), newest first. */
  | { type: 'group'; key: string; entries: TimelineEntry[]; tone: TimelineEntry['tone'] };

/** Records whose many system entries tell one story; folded into one item. */
const FOLDED_SUBJECTS = new Set(['ticket']);

/**
 * What the timeline shows: every entry, except that one ticket's system entries become one
 * item at the place of its newest entry (its tone negative if any of them is), and system
 * entries disappear entirely when `hideSystem` is on — people's notes, meetings, calls,
 * emails and tasks always stay.
 *
 * @example
 *   groupTimeline([solved, note, opened], { hideSystem: false })
 *   // [{ type: 'group', entries: [solved, opened] }, { type: 'entry', entry: note }]
 */
export function groupTimeline(entries: TimelineEntry[], options: { hideSystem: boolean }): TimelineItem[] {
  const shown = options.hideSystem ? entries.filter((entry) => !entry.isSystem) : entries;
  const keyOf = (entry: TimelineEntry) =>
    entry.isSystem && entry.subjectType && entry.subjectId && FOLDED_SUBJECTS.has(entry.subjectType)
      ? `${entry.subjectType}:${entry.subjectId}`
      : null;
  const members = new Map<string, TimelineEntry[]>();
  for (const entry of shown) {
    const key = keyOf(entry);
    if (key) members.set(key, [...(members.get(key) ?? []), entry]);
  }
  const items: TimelineItem[] = [];
  for (const entry of shown) {
    const key = keyOf(entry);
    const group = key ? members.get(key)! : null;
    if (!key || !group || group.length < 2) {
      items.push({ type: 'entry', entry });
    } else if (group[0] === entry) {
      const tone = group.some((e) => e.tone === 'negative') ? 'negative' : entry.tone;
      items.push({ type: 'group', key, entries: group, tone });
    }
  }
  return items;
}
