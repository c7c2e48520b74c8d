import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { layoutBlueprint, wrapText } from './blueprint-layout.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';

describe('layoutBlueprint', () => {
  test('an empty blueprint is one column of six lanes with the three lines', () => {
    const layout = layoutBlueprint([]);
    assert.equal(layout.width, 136 + 164);
    assert.equal(layout.height, 6 * 96);
    assert.deepEqual(layout.lanes.map((lane) => [lane.lane, lane.y]), [['evidence', 0], ['customer', 96], ['frontstage', 192], ['backstage', 288], ['support', 384], ['technology', 480]]);
    // Interaction below the customer lane (index 1), visibility below front stage, internal below back stage.
    assert.deepEqual(layout.lines.map((line) => [line.key, line.y]), [['interaction', 192], ['visibility', 288], ['internal', 384]]);
    assert.deepEqual(layout.columns, [{ column: 0, x: 136 }]);
    assert.deepEqual(layout.steps, []);
    assert.deepEqual(layout.connectors, []);
  });

  test('boxes sit centred in their lane and column; the customer path runs right, each column down', () => {
    const layout = layoutBlueprint([
      { id: A, lane: 'customer', column: 0 },
      { id: B, lane: 'customer', column: 2 },
      { id: C, lane: 'backstage', column: 0 },
      { id: D, lane: 'frontstage', column: 0 },
    ]);
    assert.equal(layout.width, 136 + 3 * 164);
    // x = 136 + column × 164 + (164 − 148) / 2; y = lane × 96 + (96 − 72) / 2.
    assert.deepEqual(layout.steps.find((s) => s.stepId === A), { stepId: A, x: 144, y: 108, width: 148, height: 72 });
    assert.deepEqual(layout.steps.find((s) => s.stepId === B), { stepId: B, x: 472, y: 108, width: 148, height: 72 });
    assert.deepEqual(layout.steps.find((s) => s.stepId === C), { stepId: C, x: 144, y: 300, width: 148, height: 72 });
    assert.deepEqual(layout.connectors, [
      // A's right middle (144 + 148, 144) → B's left middle (472, 144).
      { from: A, to: B, kind: 'flow', points: [[292, 144], [472, 144]] },
      // Column 0 top to bottom: customer → front stage → back stage, at x = 144 + 148 / 2.
      { from: A, to: D, kind: 'support', points: [[218, 180], [218, 204]] },
      { from: D, to: C, kind: 'support', points: [[218, 276], [218, 300]] },
    ]);
  });
});

describe('wrapText', () => {
  const cases: Array<[string, number, number, string[]]> = [
    ['Opens a ticket', 24, 2, ['Opens a ticket']],
    ['Onboarding engineer pairs on the integration', 24, 2, ['Onboarding engineer', 'pairs on the integration']],
    ['one two three four five six seven', 9, 2, ['one two', 'three…']],
    ['Supercalifragilistic', 8, 2, ['Superca…']],
    ['', 10, 2, []],
  ];
  for (const [text, width, lines, expected] of cases) test(`"${text}" at ${width}×${lines}`, () => assert.deepEqual(wrapText(text, width, lines), expected));
});
