import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { createTestClock } from '../../core/clock.js';
import type { Database } from '../../db/schema.js';
import { retrainHealthModel } from '../../health-model/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

const at = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * 30 accounts signed 2025-01-01: the 12 with layoff news in the autumn churn at their renewal
 * on 2026-01-01, the other 18 renew. A model trained on them gives each renewed account a risk.
 */
async function seedRenewals(db: Kysely<Database>, workspaceId: string): Promise<string[]> {
  const renewed: string[] = [];
  for (let i = 0; i < 30; i++) {
    const lost = i < 12;
    const { id } = await db.insertInto('accounts').values({ workspace_id: workspaceId, name: `Co ${i}`, segment: 'smb', created_at: at('2025-01-01') }).returning('id').executeTakeFirstOrThrow();
    const sub = await db
      .insertInto('subscriptions')
      .values({ workspace_id: workspaceId, account_id: id, status: lost ? 'cancelled' : 'active', start_date: lost ? '2025-01-01' : '2026-01-01', end_date: lost ? '2025-12-31' : '2026-12-31', auto_renew: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    const move = (kind: 'new' | 'churn', day: string, before: number, after: number) => ({
      workspace_id: workspaceId, account_id: id, subscription_id: sub.id, kind, amount: after - before, arr_before: before, arr_after: after, occurred_on: day,
    });
    await db.insertInto('arr_movements').values(lost ? [move('new', '2025-01-01', 0, 1000), move('churn', '2026-01-01', 1000, 0)] : [move('new', '2025-01-01', 0, 1000)]).execute();
    if (lost || i % 6 === 0) await db.insertInto('signals').values({ workspace_id: workspaceId, account_id: id, type: 'layoff', title: 'Layoffs', occurred_at: at(lost ? '2025-09-15' : '2026-05-20') }).execute();
    if (!lost) renewed.push(id);
  }
  return renewed;
}

describe('churn model API: risk on the Health tab, model versions, backtest', () => {
  let t: ApiTest;
  let team: Team;
  let renewed: string[];
  const clock = createTestClock(new Date('2026-06-01T08:00:00Z'));

  before(async () => {
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
    renewed = await seedRenewals(t.handle.db, team.workspace.id);
  });
  after(() => t.close());

  test('before any model the account health has risk null; a retrain stores version 1 and every active account’s risk names it', async () => {
    const first = await team.leader.get(`/api/accounts/${renewed[0]}/health`);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().risk, null);
    assert.ok('score' in first.json() && 'measures' in first.json(), 'the existing fields stay');

    const result = await retrainHealthModel(t.handle.db, { workspaceId: team.workspace.id, clock });
    assert.ok(result.trained);
    assert.equal(result.version, 1);
    assert.equal(result.trainingRows, 30);
    assert.equal(result.trainingPositives, 12);
    assert.equal(result.predictions, 18, 'only accounts with ARR today');

    const risky = (await team.leader.get(`/api/accounts/${renewed[0]}/health`)).json().risk;
    const calm = (await team.leader.get(`/api/accounts/${renewed[1]}/health`)).json().risk;
    assert.equal(risky.modelVersion, 1);
    assert.equal(risky.asOf, '2026-06-01');
    // Account 0 has fresh layoff news, like every account lost last year; account 1 has none.
    assert.ok(risky.probability > calm.probability, `${risky.probability} vs ${calm.probability}`);
    assert.equal(risky.reasons[0].feature, 'negative_signals');
    assert.match(risky.reasons[0].text, /1 warning sign in the news/);

    assert.equal((await retrainHealthModel(t.handle.db, { workspaceId: team.workspace.id, clock })).trained, true);
    assert.equal((await team.leader.get(`/api/accounts/${renewed[0]}/health`)).json().risk.modelVersion, 2);
  });

  test('model versions: leaders and admins see them; CSMs and viewers are refused; another workspace sees none', async () => {
    const versions = await team.leader.get('/api/health/model/versions');
    assert.equal(versions.statusCode, 200, versions.body);
    assert.deepEqual(versions.json().data.map((v: { version: number }) => v.version), [2, 1]);
    assert.equal(versions.json().data[0].trainingRows, 30);
    assert.equal((await team.admin.get('/api/health/model/versions')).statusCode, 200);
    for (const caller of [team.csm, team.viewer]) {
      const refused = await caller.get('/api/health/model/versions');
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    const otherLeader = await t.caller(await t.workspace('Elsewhere'), 'leader');
    assert.deepEqual((await otherLeader.get('/api/health/model/versions')).json().data, []);
    assert.equal((await otherLeader.get(`/api/accounts/${renewed[0]}/health`)).statusCode, 404);
  });

  test('backtest: leaders only; a horizon not yet over or too little history is a clear 400', async () => {
    assert.equal((await team.csm.get('/api/health/backtest')).statusCode, 403);
    const future = await team.leader.get('/api/health/backtest?asOf=2026-05-01&horizonDays=180');
    assert.equal(future.statusCode, 400);
    assert.match(future.json().detail, /after today/);
    const early = await team.leader.get('/api/health/backtest?asOf=2025-11-01&horizonDays=90');
    assert.equal(early.statusCode, 400);
    assert.match(early.json().detail, /Too little history before 2025-11-01/);
    assert.equal((await team.leader.get('/api/health/backtest?asOf=not-a-day')).statusCode, 400);
  });
});
