import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blueprintInputSchema } from './blueprints.schema.js';
import { checkBlueprint } from './check-blueprint.js';

const KEPT = '00000000-0000-4000-8000-000000000001';
const options = { stageKeys: ['trial', 'adoption'], teamSlugs: ['support', 'onboarding'], stepIds: [KEPT] };
const input = (body: object) => blueprintInputSchema.parse({ name: 'Onboarding', ...body });

test('a sound blueprint has no issues', () => {
  const ok = input({
    stageKey: 'adoption',
    steps: [
      { id: KEPT, lane: 'customer', column: 0, title: 'Opens a ticket', momentKinds: ['ticket_opened'] },
      { lane: 'frontstage', column: 0, title: 'Agent answers', ownerTeam: 'support', target: { amount: 4, unit: 'hours' } },
      { lane: 'customer', column: 1, title: 'Solved', momentKinds: ['ticket_solved'] },
    ],
  });
  assert.deepEqual(checkBlueprint(ok, options), []);
  assert.deepEqual(checkBlueprint(input({ stageKey: null }), options), []);
});

test('each problem is named at its field', () => {
  const bad = input({
    stageKey: 'renewal',
    steps: [
      { id: KEPT, lane: 'customer', column: 0, title: 'Opens a ticket', momentKinds: ['ticket_opened'] },
      { id: KEPT, lane: 'customer', column: 0, title: 'Writes again', ownerTeam: 'legal', momentKinds: ['ticket_opened'] },
      { id: '00000000-0000-4000-8000-000000000009', lane: 'backstage', column: 0, title: 'Elsewhere' },
    ],
  });
  assert.deepEqual(checkBlueprint(bad, options), [
    { path: 'stageKey', message: 'names no stage of the journey (stages: trial, adoption)' },
    { path: 'steps.1.column', message: 'Customer actions already has step 1 ("Opens a ticket") at column 0' },
    { path: 'steps.1.ownerTeam', message: 'names no team (teams: support, onboarding)' },
    { path: 'steps.1.momentKinds', message: '"ticket_opened" is already linked to step 1 ("Opens a ticket"): a moment happens at one step' },
    { path: 'steps.1.id', message: 'is given twice' },
    { path: 'steps.2.id', message: 'is not a step of this blueprint: leave it out for a new step' },
  ]);
});
