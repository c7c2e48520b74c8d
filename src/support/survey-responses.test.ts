import assert from 'node:assert/strict';
import { test } from 'node:test';
import { surveyResponseKey, surveyScoreProblem, surveyTitle } from './survey-responses.js';

test('scores must be on the kind’s scale', () => {
  const cases: Array<[Parameters<typeof surveyScoreProblem>[0], number, boolean]> = [
    ['nps', 0, true],
    ['nps', 10, true],
    ['nps', 11, false],
    ['nps', -1, false],
    ['nps', 7.5, false],
    ['csat', 1, true],
    ['csat', 5, true],
    ['csat', 0, false],
    ['csat', 6, false],
    ['ces', 1, true],
    ['ces', 7, true],
    ['ces', 8, false],
    ['ces', Number.NaN, false],
  ];
  for (const [kind, score, ok] of cases) assert.equal(surveyScoreProblem(kind, score) === null, ok, `${kind} ${score}`);
  assert.equal(surveyScoreProblem('csat', 9), 'must be a whole number from 1 to 5 for CSAT');
});

test('titles', () => {
  const cases: Array<[Parameters<typeof surveyTitle>[0], number, string]> = [
    ['nps', 10, 'NPS 10 (promoter)'],
    ['nps', 9, 'NPS 9 (promoter)'],
    ['nps', 8, 'NPS 8 (passive)'],
    ['nps', 7, 'NPS 7 (passive)'],
    ['nps', 6, 'NPS 6 (detractor)'],
    ['nps', 0, 'NPS 0 (detractor)'],
    ['csat', 4, 'CSAT 4/5'],
    ['ces', 6, 'CES 6/7'],
  ];
  for (const [kind, score, title] of cases) assert.equal(surveyTitle(kind, score), title);
});

test('a response without an id gets a stable key from who, what and when (not the score)', () => {
  const base = {
    accountId: 'a1',
    contactId: 'c1',
    kind: 'nps' as const,
    respondedAt: new Date('2025-02-01T10:00:00Z'),
  };
  assert.equal(surveyResponseKey({ ...base, externalId: ' resp-9 ' }), 'resp-9');
  const key = surveyResponseKey(base);
  assert.match(key, /^auto:[0-9a-f]{32}$/);
  assert.equal(surveyResponseKey({ ...base, externalId: '' }), key, 'blank id = none');
  assert.equal(surveyResponseKey({ ...base, externalId: null }), key);
  assert.notEqual(surveyResponseKey({ ...base, contactId: null }), key);
  assert.notEqual(surveyResponseKey({ ...base, kind: 'csat' }), key);
  assert.notEqual(surveyResponseKey({ ...base, respondedAt: new Date('2025-02-01T10:00:01Z') }), key);
});
