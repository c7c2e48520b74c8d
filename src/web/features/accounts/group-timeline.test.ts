import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimelineEntry } from './accounts.types.js';
import { groupTimeline } from './group-timeline.js';

let n = 0;
const entry = (values: Partial<TimelineEntry>): TimelineEntry => ({
  id: `e${++n}`,
  kind: 'note',
  team: 'customer_success',
  title: 'A note',
  body: null,
  actorName: 'Ada',
  occurredAt: '2026-12-01T10:00:00.000Z',
  subjectType: null,
  subjectId: null,
  tone: 'neutral',
  isSystem: false,
  ...values,
});
const ticket = (subjectId: string, title: string, tone: TimelineEntry['tone'] = 'neutral') =>
  entry({ kind: 'ticket', team: 'support', title, actorName: null, subjectType: 'ticket', subjectId, tone, isSystem: true });

// Newest first, as the API sends them.
const rated = ticket('t1', 'Bad CSAT rating on ticket: Export broken', 'negative');
const meeting = entry({ kind: 'meeting', title: 'Meeting: QBR' });
const solved = ticket('t1', 'Ticket solved: Export broken');
const other = ticket('t2', 'Ticket opened: Invite link expired');
const opened = ticket('t1', 'Ticket opened: Export broken');
const churned = entry({ kind: 'contract_cancelled', actorName: null, isSystem: true, tone: 'negative' });
const all = [rated, meeting, solved, other, opened, churned];

test("one ticket's entries fold into one item where its newest entry was, negative if any part is", () => {
  const items = groupTimeline(all, { hideSystem: false });
  assert.deepEqual(
    items.map((item) => (item.type === 'group' ? `group ${item.entries.map((e) => e.id).join(',')} ${item.tone}` : item.entry.id)),
    [`group ${rated.id},${solved.id},${opened.id} negative`, meeting.id, other.id, churned.id],
  );
});

test('hiding system entries keeps what people did', () => {
  const items = groupTimeline(all, { hideSystem: true });
  assert.deepEqual(items, [{ type: 'entry', entry: meeting }]);
});

test('a ticket with one entry stays a plain entry', () => {
  assert.deepEqual(groupTimeline([other], { hideSystem: false }), [{ type: 'entry', entry: other }]);
});
