import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contactTimelineEntries, type ContactSnapshot } from './contact-timeline-entries.js';

const jane = (changes: Partial<ContactSnapshot> = {}): ContactSnapshot => ({
  name: 'Jane Doe',
  role: 'champion',
  status: 'active',
  ...changes,
});

const cases: Array<{
  name: string;
  before: ContactSnapshot | null;
  after: ContactSnapshot;
  expected: Array<[kind: string, title: string]>;
}> = [
  { name: 'a new champion', before: null, after: jane(), expected: [['contact_added', 'Champion Jane Doe added']] },
  {
    name: 'a new contact without a role',
    before: null,
    after: jane({ role: null }),
    expected: [['contact_added', 'Contact Jane Doe added']],
  },
  {
    name: 'a champion leaves',
    before: jane(),
    after: jane({ status: 'left' }),
    expected: [['champion_left', 'Champion Jane Doe left']],
  },
  {
    name: 'an economic buyer leaves',
    before: jane({ role: 'economic_buyer' }),
    after: jane({ role: 'economic_buyer', status: 'left' }),
    expected: [['contact_left', 'Economic buyer Jane Doe left']],
  },
  {
    name: 'a champion leaves and loses the role in one edit',
    before: jane(),
    after: jane({ role: null, status: 'left' }),
    expected: [
      ['champion_left', 'Champion Jane Doe left'],
      ['contact_role_changed', 'Jane Doe: Champion → no role'],
    ],
  },
  {
    name: 'an end user becomes champion',
    before: jane({ role: 'end_user' }),
    after: jane(),
    expected: [['contact_role_changed', 'Jane Doe: End user → Champion']],
  },
  { name: 'a renamed contact tells nothing', before: jane({ name: 'Jane Roe' }), after: jane(), expected: [] },
  { name: 'coming back is not a departure', before: jane({ status: 'left' }), after: jane(), expected: [] },
];

for (const { name, before, after, expected } of cases) {
  test(`contactTimelineEntries: ${name}`, () => {
    assert.deepEqual(
      contactTimelineEntries(before, after).map((entry) => [entry.kind, entry.title]),
      expected,
    );
  });
}

test('contactTimelineEntries: a champion leaving says why it matters', () => {
  assert.match(contactTimelineEntries(jane(), jane({ status: 'left' }))[0]!.body ?? '', /churn signal/);
});
