import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestClock } from '../../core/clock.js';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { holdoutDraw, playbookTriggersConsumer } from '../../playbooks/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

/**
 * GET /api/playbooks/{id}/uplift on a hand-built history: runs, churn movements and health
 * points written as the engine, the ARR ledger and the health history would have, then the
 * figures checked against numbers worked out by hand.
 */
describe('playbook uplift against the holdout', () => {
  let t: ApiTest;
  let team: Team;
  const clock = createTestClock(new Date('2026-12-05T12:00:00Z'));
  let playbookId: string;

  const newAccount = async (name: string) => (await team.admin.post('/api/accounts', { name, ownerId: team.csm.userId })).json().id as string;
  const addRun = async (accountId: string, isHoldout: boolean, day: string, playbook = playbookId) => {
    const row = await t.handle.db
      .insertInto('playbook_runs')
      .values({
        workspace_id: team.workspace.id,
        playbook_id: playbook,
        version: 1,
        account_id: accountId,
        entry_key: `test:${accountId}:${day}`,
        reason: 'hand-built history',
        is_holdout: isHoldout,
        state: isHoldout ? 'holdout' : 'done',
        started_at: new Date(`${day}T10:00:00Z`),
        finished_at: new Date(`${day}T10:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const churn = (accountId: string, day: string) =>
    t.handle.db
      .insertInto('arr_movements')
      .values({ workspace_id: team.workspace.id, account_id: accountId, subscription_id: null, kind: 'churn', amount: -1000, arr_before: 1000, arr_after: 0, occurred_on: day })
      .execute();
  /** Health points in October 2026: the score at each given day of the month. */
  const octoberHealth = async (accountId: string, points: Record<number, number>) => {
    const scores = Array.from({ length: 31 }, (_, index) => points[index + 1] ?? null);
    const bands = scores.map((score) => (score === null ? '-' : score >= 70 ? 'g' : score >= 40 ? 'y' : 'r')).join('');
    await sql`INSERT INTO health_score_months (workspace_id, account_id, month, scores, bands)
      VALUES (${team.workspace.id}::uuid, ${accountId}::uuid, '2026-10-01', ${scores}::smallint[], ${bands})`.execute(t.handle.db);
  };

  before(async () => {
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
    const created = await team.admin.post('/api/playbooks', {
      definition: { name: 'Save the account', holdoutPercent: 30, trigger: { kind: 'signal', signalKind: 'news' }, steps: [{ type: 'create_task', title: 'Call {{account.name}}' }] },
    });
    playbookId = created.json().id;
    // Six enrolled and three held out, all entered on 1 October; one more enrolled on 20 November (still in its 30 days on 5 December).
    const enrolled = [];
    for (let i = 1; i <= 6; i += 1) enrolled.push(await newAccount(`Enrolled ${i}`));
    const held = [];
    for (let i = 1; i <= 3; i += 1) held.push(await newAccount(`Held out ${i}`));
    const runs = [];
    for (const accountId of enrolled) runs.push(await addRun(accountId, false, '2026-10-01'));
    for (const accountId of held) await addRun(accountId, true, '2026-10-01');
    await addRun(await newAccount('Late'), false, '2026-11-20');
    // Enrolled 1 churns inside its window, enrolled 2 after it; held out 1 and 2 churn inside theirs.
    await churn(enrolled[0]!, '2026-10-15');
    await churn(enrolled[1]!, '2026-11-15');
    await churn(held[0]!, '2026-10-10');
    await churn(held[1]!, '2026-10-20');
    // Health on 1 October → 31 October: enrolled 40→50, 40→30, 40→60; held out 50→40 (the others have no history).
    await octoberHealth(enrolled[0]!, { 1: 40, 31: 50 });
    await octoberHealth(enrolled[1]!, { 1: 40, 31: 30 });
    await octoberHealth(enrolled[2]!, { 1: 40, 31: 60 });
    await octoberHealth(held[0]!, { 1: 50, 31: 40 });
    // Two executed steps.
    for (const runId of runs.slice(0, 2)) {
      await t.handle.db
        .insertInto('playbook_step_results')
        .values({ run_id: runId, step_key: '0', workspace_id: team.workspace.id, step_type: 'create_task', outcome: 'created', at: new Date('2026-10-01T10:00:00Z') })
        .execute();
    }
  });
  after(() => t.close());

  test('retained 5 of 6 enrolled vs 1 of 3 held out: +50 points, Newcombe −10.7 to +80.4 — not enough accounts yet to tell', async () => {
    const response = await team.viewer.get(`/api/playbooks/${playbookId}/uplift?days=30`);
    assert.equal(response.statusCode, 200, response.body);
    const uplift = response.json();
    assert.equal(uplift.asOf, '2026-12-05');
    assert.equal(uplift.windowDays, 30);
    assert.equal(uplift.holdoutPercent, 30);
    assert.equal(uplift.stepsDone, 2);
    assert.deepEqual(uplift.entries, { enrolled: 7, holdout: 3, enrolledPending: 1, holdoutPending: 0 });
    const retained = uplift.outcomes.find((o: { kind: string }) => o.kind === 'retained');
    assert.deepEqual([retained.enrolled.successes, retained.enrolled.accounts, retained.holdout.successes, retained.holdout.accounts], [5, 6, 1, 3]);
    // Wilson 5/6 = 0.4365 to 0.9699; 1/3 = 0.0615 to 0.7923.
    // low = 0.5 − √((0.8333 − 0.4365)² + (0.7923 − 0.3333)²) = 0.5 − √(0.1575 + 0.2107) = −0.1068
    // high = 0.5 + √((0.9699 − 0.8333)² + (0.3333 − 0.0615)²) = 0.5 + √(0.0187 + 0.0739) = 0.8043
    assert.equal(Math.round(retained.enrolled.interval.low * 1e4) / 1e4, 0.4365);
    assert.equal(Math.round(retained.holdout.interval.high * 1e4) / 1e4, 0.7923);
    assert.equal(Math.round(retained.uplift.difference * 1e4) / 1e4, 0.5);
    assert.ok(Math.abs(retained.uplift.low - -0.1068) < 0.0005, String(retained.uplift.low));
    assert.ok(Math.abs(retained.uplift.high - 0.8043) < 0.0005, String(retained.uplift.high));
    assert.equal(retained.verdict, 'unclear');
    assert.match(retained.statement, /^Not enough accounts yet to tell: the uplift could be anywhere from −10\.7 to \+80\.4 points \(95 % interval\); 6 enrolled, 3 held out\.$/);
    const health = uplift.outcomes.find((o: { kind: string }) => o.kind === 'health_improved');
    assert.deepEqual([health.enrolled.successes, health.enrolled.accounts, health.holdout.successes, health.holdout.accounts], [2, 3, 0, 1]);
    // (10 − 10 + 20)/3 = 6.7 enrolled; −10 held out.
    assert.deepEqual(uplift.meanHealthChange, { enrolled: 6.7, holdout: -10 });
  });

  test('a longer window than any entry is old: too early to tell, nothing counted as a failure', async () => {
    const uplift = (await team.viewer.get(`/api/playbooks/${playbookId}/uplift?days=90`)).json();
    assert.deepEqual(uplift.entries, { enrolled: 7, holdout: 3, enrolledPending: 7, holdoutPending: 3 });
    assert.equal(uplift.outcomes[0].verdict, 'too_early');
    assert.equal(uplift.outcomes[0].uplift, null);
  });

  test('without a holdout: compared with similar accounts never enrolled, on the outcomes the playbook names, labelled weaker evidence', async () => {
    const created = await team.admin.post('/api/playbooks', {
      definition: {
        name: 'No control',
        trigger: { kind: 'signal', signalKind: 'news' },
        steps: [{ type: 'create_task', title: 'Call {{account.name}}' }],
        outcomes: [{ kind: 'retained' }, { kind: 'health_improved' }, { kind: 'no_churn_within', days: 45 }],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const noControl = created.json().id as string;
    const customer = async (name: string, segment: string) => {
      const id = (await team.admin.post('/api/accounts', { name, segment })).json().id as string;
      await t.handle.db
        .insertInto('arr_movements')
        .values({ workspace_id: team.workspace.id, account_id: id, subscription_id: null, kind: 'new', amount: 20_000, arr_before: 0, arr_after: 20_000, occurred_on: '2026-09-01' })
        .execute();
      return id;
    };
    // On 1 October: enrolled E is SMB, 20k, health 50; S1 (55) and S2 (45) are alike; D is Enterprise; F has no ARR.
    // By 31 October: E 60 (better), S1 50, S2 40 and churned on 20 October.
    const enrolled = await customer('E', 'SMB');
    const s1 = await customer('S1', 'SMB');
    const s2 = await customer('S2', 'SMB');
    const other = await customer('D', 'Enterprise');
    const noArr = (await team.admin.post('/api/accounts', { name: 'F', segment: 'SMB' })).json().id as string;
    await octoberHealth(enrolled, { 1: 50, 31: 60 });
    await octoberHealth(s1, { 1: 55, 31: 50 });
    await octoberHealth(s2, { 1: 45, 31: 40 });
    await octoberHealth(other, { 1: 50, 31: 50 });
    await octoberHealth(noArr, { 1: 50, 31: 50 });
    await churn(s2, '2026-10-20');
    await addRun(enrolled, false, '2026-10-01', noControl);
    const uplift = (await team.viewer.get(`/api/playbooks/${noControl}/uplift?days=30`)).json();
    assert.deepEqual(uplift.outcomes.map((o: { key: string; verdict: string }) => [o.key, o.verdict]), [
      ['retained', 'no_holdout'],
      ['health_improved', 'no_holdout'],
      ['no_churn_within:45', 'no_holdout'],
    ]);
    const { comparison } = uplift;
    assert.equal(comparison.caveat, 'Compared with similar accounts not enrolled — weaker evidence than a holdout');
    assert.deepEqual([comparison.enrolledMatched, comparison.enrolledUnmatched, comparison.matchedAccounts], [1, 0, 2]);
    const counts = comparison.outcomes.map((o: { key: string; enrolled: { successes: number; accounts: number }; matched: { successes: number; accounts: number } }) => [
      o.key,
      o.enrolled.successes,
      o.enrolled.accounts,
      o.matched.successes,
      o.matched.accounts,
    ]);
    assert.deepEqual(counts, [
      ['retained', 1, 1, 1, 2],
      ['health_improved', 1, 1, 0, 2],
      ['no_churn_within:45', 1, 1, 1, 2],
    ]);
    assert.equal(comparison.outcomes[0].difference.difference, 0.5);
    for (const outcome of comparison.outcomes) assert.match(outcome.statement, /^Compared with similar accounts not enrolled — weaker evidence than a holdout: /);
  });

  test('outcomes named twice are refused with a problem naming the field', async () => {
    const response = await team.admin.post('/api/playbooks', {
      definition: { name: 'Twice', trigger: { kind: 'signal', signalKind: 'news' }, steps: [{ type: 'create_task', title: 'x' }], outcomes: [{ kind: 'retained' }, { kind: 'retained' }] },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /retained is named twice/);
  });

  test('bad input is a problem+json naming the field', async () => {
    const response = await team.viewer.get(`/api/playbooks/${playbookId}/uplift?days=3`);
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    assert.match(response.body, /days/);
  });

  test('another workspace gets 404, and its runs never count here', async () => {
    assert.equal((await team.outsider.get(`/api/playbooks/${playbookId}/uplift`)).statusCode, 404);
    const theirs = (
      await team.outsider.post('/api/playbooks', { definition: { name: 'Theirs', trigger: { kind: 'signal', signalKind: 'news' }, steps: [{ type: 'create_task', title: 'x' }] } })
    ).json().id;
    assert.equal((await team.viewer.get(`/api/playbooks/${theirs}/uplift`)).statusCode, 404);
    assert.equal((await team.outsider.get(`/api/playbooks/${theirs}/uplift?days=30`)).json().entries.enrolled, 0);
  });

  test('the engine records each entry’s holdout draw; anyone can recompute it from the run', async () => {
    const created = await team.admin.post('/api/playbooks', {
      definition: { name: 'Audited', holdoutPercent: 40, trigger: { kind: 'signal', signalKind: 'funding' }, steps: [{ type: 'create_task', title: 'Congratulate {{account.name}}' }] },
      enabled: true,
    });
    const audited = created.json().id as string;
    for (let i = 0; i < 12; i += 1) {
      const accountId = await newAccount(`Funded ${i}`);
      await team.csm.post('/api/signals', { accountId, type: 'funding', title: 'Raised a round' });
    }
    await drainDomainEvents(t.handle.db, [playbookTriggersConsumer], clock);
    type Run = { accountId: string; entryKey: string; isHoldout: boolean; holdoutDraw: number; holdoutPercent: number };
    const runs: Run[] = (await team.viewer.get(`/api/playbooks/${audited}/runs?limit=50`)).json().data;
    assert.equal(runs.length, 12);
    for (const run of runs) {
      assert.equal(run.holdoutPercent, 40);
      assert.equal(run.holdoutDraw, holdoutDraw(audited, run.accountId, run.entryKey));
      assert.equal(run.isHoldout, run.holdoutDraw * 100 < 40);
    }
  });
});
