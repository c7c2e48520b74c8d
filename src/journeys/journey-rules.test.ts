import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_JOURNEY } from './default-journey.js';
import { autoAdvanceTarget, expectedStay, findStage, gateMessage, missingFacts, nextStageOf, stageStatus, stayKey, type CriteriaFacts } from './journey-rules.js';
import { GATE_FACT_LABELS, journeyConfigSchema } from './journey.schema.js';

const stage = (name: string) => findStage(DEFAULT_JOURNEY, name)!;

describe('journey rules', () => {
  test('a stored or typed value names a stage by name, key or alias, ignoring case', () => {
    const cases: [string, string | undefined][] = [
      ['Decision & Contract', 'Decision & Contract'],
      ['decision-contract', 'Decision & Contract'],
      ['ONBOARDING', 'Adoption'],
      ['customer', 'Adoption'],
      ['opportunity', 'Trial'],
      ['salesqualifiedlead', 'Consideration'],
      ['lost', 'Churned'],
      ['Onbaording', undefined],
    ];
    for (const [value, expected] of cases) assert.equal(findStage(DEFAULT_JOURNEY, value)?.name, expected, value);
  });

  test('the default gate asks for goals and success criteria before Decision & Contract', () => {
    const gate = stage('Decision & Contract');
    assert.deepEqual(missingFacts(gate, { customerGoals: '', successCriteria: ' ', ownerId: null }), ['customerGoals', 'successCriteria']);
    assert.deepEqual(missingFacts(gate, { customerGoals: 'Go live', successCriteria: '', ownerId: null }), ['successCriteria']);
    assert.deepEqual(missingFacts(gate, { customerGoals: 'Go live', successCriteria: '80% seats', ownerId: null }), []);
    assert.deepEqual(missingFacts(stage('Trial'), { customerGoals: '', successCriteria: '', ownerId: null }), []);
    assert.equal(gateMessage('Decision & Contract', ['customerGoals', 'successCriteria'], GATE_FACT_LABELS), "Cannot enter Decision & Contract: record the customer's goals and success criteria first.");
    assert.equal(gateMessage('Go-live', ['owner'], GATE_FACT_LABELS), 'Cannot enter Go-live: record an owner first.');
  });

  test('status: behind past the expected stay or with an overdue milestone, stuck past twice the expected stay', () => {
    const cases: [number | null, number | null, boolean, string][] = [
      [10, 20, false, 'on_track'],
      [20, 20, false, 'on_track'],
      [20.1, 20, false, 'behind'],
      [5, 20, true, 'behind'],
      [40, 20, false, 'behind'],
      [40.1, 20, false, 'stuck'],
      [400, null, false, 'on_track'],
      [null, 20, false, 'on_track'],
    ];
    for (const [daysInStage, expectedDays, hasOverdueMilestone, expected] of cases) {
      assert.equal(stageStatus({ daysInStage, expectedDays, hasOverdueMilestone }), expected, `${daysInStage} of ${expectedDays}`);
    }
  });

  test('expected stay: the segment’s median with 3+ stays, else the workspace’s, else the configured days', () => {
    const medians = new Map([
      [stayKey('Adoption', 'smb'), { days: 40, stays: 3 }],
      [stayKey('Adoption', 'enterprise'), { days: 200, stays: 2 }],
      [stayKey('Adoption', null), { days: 75.55, stays: 5 }],
    ]);
    assert.deepEqual(expectedStay(stage('Adoption'), 'smb', medians), { days: 40, from: 'segment' });
    assert.deepEqual(expectedStay(stage('Adoption'), 'enterprise', medians), { days: 75.6, from: 'workspace' });
    assert.deepEqual(expectedStay(stage('Trial'), 'smb', medians), { days: 21, from: 'configured' });
    assert.deepEqual(expectedStay(stage('Advocacy'), 'smb', medians), { days: null, from: null });
    assert.deepEqual(expectedStay(stage('Churned'), 'smb', medians), { days: null, from: null });
  });

  test('auto-advance needs the stage’s exit criteria and the next stage’s entry criteria', () => {
    const facts = (events: [string, Date][]): CriteriaFacts => ({
      customerGoals: 'x',
      successCriteria: 'y',
      ownerId: null,
      fields: {},
      customFields: {},
      enteredAt: new Date('2026-01-10T00:00:00Z'),
      events: new Map(events),
      milestones: new Map([['contract-signed', false]]),
      now: new Date('2026-01-20T00:00:00Z'),
    });
    const deciding = stage('Decision & Contract');
    assert.equal(autoAdvanceTarget(DEFAULT_JOURNEY, deciding, facts([])), undefined);
    assert.equal(autoAdvanceTarget(DEFAULT_JOURNEY, deciding, facts([['contract.signed', new Date('2026-01-05T00:00:00Z')]])), undefined, 'signed before the stay began');
    assert.equal(autoAdvanceTarget(DEFAULT_JOURNEY, deciding, facts([['contract.signed', new Date('2026-01-15T00:00:00Z')]]))?.name, 'Adoption');
    assert.equal(autoAdvanceTarget(DEFAULT_JOURNEY, stage('Adoption'), facts([])), undefined, 'Adoption moves on by hand by default');
    assert.equal(nextStageOf(DEFAULT_JOURNEY, 'advocacy'), undefined);
  });

  test('a journey names each stage once; a stage may list its own name as an alias', () => {
    const ok = journeyConfigSchema.safeParse({ stages: [{ key: 'a', name: 'Pilot', aliases: ['pilot'] }] });
    assert.equal(ok.success, true);
    const clash = journeyConfigSchema.safeParse({ stages: [{ key: 'a', name: 'Pilot' }, { key: 'b', name: 'Trial', aliases: ['PILOT'] }] });
    assert.equal(clash.success, false);
    assert.match(clash.error!.issues[0]!.message, /"pilot" is used by stage Pilot too/);
  });
});
