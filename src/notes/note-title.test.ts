import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOTE_TITLE_MAX_LENGTH, noteTitle } from './note-title.js';

const long = 'a'.repeat(NOTE_TITLE_MAX_LENGTH + 30);

const cases: Array<{ name: string; body: string; title: string }> = [
  { name: 'one short line is the title', body: 'Called Jane', title: 'Called Jane' },
  { name: 'only the first line counts', body: 'QBR went well\nThey want SSO\nRenewal likely', title: 'QBR went well' },
  { name: 'Windows line breaks', body: 'Kickoff done\r\nNext: training', title: 'Kickoff done' },
  { name: 'surrounding blanks are dropped', body: '  \n  Escalation  \nsecond', title: 'Escalation' },
  { name: 'exactly the limit is kept whole', body: 'b'.repeat(NOTE_TITLE_MAX_LENGTH), title: 'b'.repeat(NOTE_TITLE_MAX_LENGTH) },
  { name: 'longer lines are cut with an ellipsis', body: long, title: `${'a'.repeat(NOTE_TITLE_MAX_LENGTH - 1)}…` },
  { name: 'emoji are not split', body: '😀'.repeat(NOTE_TITLE_MAX_LENGTH + 1), title: `${'😀'.repeat(NOTE_TITLE_MAX_LENGTH - 1)}…` },
];

for (const { name, body, title } of cases) {
  test(`noteTitle: ${name}`, () => {
    assert.equal(noteTitle(body), title);
    assert.ok(Array.from(noteTitle(body)).length <= NOTE_TITLE_MAX_LENGTH);
  });
}
