import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { findGroundTruth, loadDemoWorld } from '../demo/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { findHistoryMonths } from './health.repository.js';
import { historyPoints } from './account-health.js';
import { addDays } from './days.js';

const today = '2026-11-26';

/**
 * The default scorecard on the demo world, whose hidden churn drivers (low utilisation, a
 * departed champion, ticket bursts…) are known: accounts scored red on a past day churn in
 * the following months far more often than the others. The ground truth is read here only.
 */
describe('health on the demo world (400 accounts, 12 months, weekly history)', () => {
  let handle: TestDatabase;
  let workspaceId: string;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Demo')).id;
    await loadDemoWorld(handle.db, { workspaceId, accounts: 400, months: 12, seed: 11, today });
  });
  after(() => handle.close());

  test('every account has a current score and weekly history points', async () => {
    const scores = await handle.db.selectFrom('health_scores').select(['account_id', 'score', 'band', 'as_of']).where('workspace_id', '=', workspaceId).execute();
    assert.equal(scores.length, 400);
    assert.ok(scores.every((row) => row.as_of === today));
    const bands = { green: 0, yellow: 0, red: 0, none: 0 };
    for (const row of scores) bands[row.band ?? 'none']++;
    assert.ok(bands.red > 0 && bands.green > 0 && bands.yellow > 0, JSON.stringify(bands));
    const account = scores[0]!.account_id;
    const points = historyPoints(await findHistoryMonths(handle.db, { workspaceId, accountId: account, fromMonth: '2025-11-01' }), '2025-11-26');
    assert.ok(points.length >= 50, `${points.length} weekly points`);
    assert.equal(points[points.length - 1]!.day, today);
  });

  test('accounts red on a past day churn in the next 180 days far more often than the others', async () => {
    const truth = new Map((await findGroundTruth(handle.db, workspaceId)).map((row) => [row.account_id, row]));
    let redChurned = 0, red = 0, otherChurned = 0, other = 0;
    const ids = [...truth.keys()];
    for (const weeksBack of [26, 22, 18]) {
      const day = addDays(today, -7 * weeksBack);
      for (const id of ids) {
        const points = historyPoints(await findHistoryMonths(handle.db, { workspaceId, accountId: id, fromMonth: `${day.slice(0, 8)}01` }), day);
        const point = points.find((p) => p.day === day);
        if (!point) continue;
        const churnedOn = truth.get(id)!.churned_on;
        if (churnedOn && churnedOn <= day) continue; // already gone
        const churned = churnedOn !== null && churnedOn <= addDays(day, 180);
        if (point.band === 'red') { red++; if (churned) redChurned++; } else { other++; if (churned) otherChurned++; }
      }
    }
    const redRate = redChurned / red;
    const otherRate = otherChurned / other;
    console.log({ red, redChurned, redRate: redRate.toFixed(3), other, otherChurned, otherRate: otherRate.toFixed(3), lift: (redRate / otherRate).toFixed(2) });
    assert.ok(red >= 20, `${red} red account-days`);
    assert.ok(redRate > 2 * otherRate, `red churn rate ${redRate.toFixed(3)} vs ${otherRate.toFixed(3)}`);
  });
});
