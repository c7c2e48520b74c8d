import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blueprintToDocument, blueprintToMermaid, blueprintToSvg, formatTarget } from './blueprint-export.js';
import { blueprintInputSchema, type Blueprint } from './blueprints.schema.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

const blueprint: Blueprint = {
  id: '00000000-0000-4000-8000-000000000100',
  name: 'Support "case"',
  stageKey: null,
  stageName: null,
  description: 'Tickets',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  steps: [
    { id: B, lane: 'customer', column: 1, title: 'Ticket solved', detail: '', ownerTeam: null, target: null, momentKinds: ['ticket_solved'] },
    { id: A, lane: 'customer', column: 0, title: 'Opens a ticket', detail: '', ownerTeam: null, target: null, momentKinds: ['ticket_opened'] },
    { id: C, lane: 'frontstage', column: 0, title: 'Agent <answers>', detail: 'Within the SLA', ownerTeam: 'support', target: { amount: 4, unit: 'hours' }, momentKinds: [] },
  ],
};

test('targets read short', () => {
  assert.equal(formatTarget({ amount: 4, unit: 'hours' }), '4 h');
  assert.equal(formatTarget({ amount: 2, unit: 'days' }), '2 d');
  assert.equal(formatTarget({ amount: 45, unit: 'minutes' }), '45 min');
  assert.equal(formatTarget(null), null);
});

test('Mermaid: a subgraph per lane with steps, the customer path solid, support dotted', () => {
  assert.equal(
    blueprintToMermaid(blueprint),
    [
      'flowchart TB',
      '  %% Service blueprint: Support "case"',
      '  subgraph customer["Customer actions"]',
      '    direction LR',
      '    s1["Opens a ticket"]',
      '    s3["Ticket solved"]',
      '  end',
      '  subgraph frontstage["Front stage"]',
      '    direction LR',
      '    s2["Agent <answers> (support · 4 h)"]',
      '  end',
      '  s1 --> s3',
      '  s1 -.-> s2',
      '',
    ].join('\n'),
  );
});

test('SVG: self-contained, text escaped, lines and moments drawn', () => {
  const svg = blueprintToSvg(blueprint, [{ stepId: A, positive: 1, neutral: 0, negative: 2, total: 3 }]);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="464" height="612"/);
  assert.ok(svg.includes('Support &quot;case&quot;'));
  assert.ok(svg.includes('Agent &lt;answers&gt;'));
  assert.ok(!svg.includes('<answers>'));
  for (const label of ['Line of interaction', 'Line of visibility', 'Line of internal interaction', 'Physical evidence', 'Technology']) assert.ok(svg.includes(label), label);
  assert.ok(svg.includes('3 moments, 2 negative'));
  assert.equal((svg.match(/stroke="#dc2626"/g) ?? []).length, 1, 'the step with negative moments is outlined red');
  assert.ok(svg.includes('support · 4 h'));
});

test('JSON: the POST body without ids, lanes then time, and it parses as one', () => {
  const document = blueprintToDocument(blueprint);
  assert.deepEqual(
    document.steps.map((s) => [s.lane, s.column, s.title]),
    [
      ['customer', 0, 'Opens a ticket'],
      ['customer', 1, 'Ticket solved'],
      ['frontstage', 0, 'Agent <answers>'],
    ],
  );
  assert.ok(document.steps.every((s) => !('id' in s)));
  assert.deepEqual(blueprintInputSchema.parse(JSON.parse(JSON.stringify(document))), document);
});
