import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countStepMoments } from './step-moments.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

test('moments go to the step listing their kind; other kinds are left out; every step gets a row', () => {
  const steps = [
    { id: A, momentKinds: ['ticket_opened', 'ticket_solved'] },
    { id: B, momentKinds: ['survey'] },
    { id: C, momentKinds: [] },
  ];
  const counts = countStepMoments(steps, [
    { kind: 'ticket_opened', outcome: 'negative', count: 5 },
    { kind: 'ticket_opened', outcome: 'neutral', count: 2 },
    { kind: 'ticket_solved', outcome: 'positive', count: 4 },
    { kind: 'ticket_solved', outcome: 'negative', count: 1 },
    { kind: 'survey', outcome: 'positive', count: 3 },
    { kind: 'invoice', outcome: 'negative', count: 9 },
  ]);
  assert.deepEqual(counts, [
    { stepId: A, positive: 4, neutral: 2, negative: 6, total: 12 },
    { stepId: B, positive: 3, neutral: 0, negative: 0, total: 3 },
    { stepId: C, positive: 0, neutral: 0, negative: 0, total: 0 },
  ]);
});
