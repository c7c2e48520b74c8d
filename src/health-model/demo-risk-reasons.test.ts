import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findGroundTruth, loadDemoWorld, type ChurnDriver } from '../demo/index.js';
import { rocAuc } from '../churn-model/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { addDays } from '../health/index.js';
import { createWorkspace } from '../workspaces/index.js';
import type { RiskReason } from './describe-risk.js';
import { retrainHealthModel } from './retrain-health-model.js';

const today = '2026-11-26';

/** The measure inputs through which each hidden driver shows in the product's data. */
const DRIVER_FEATURES: Record<ChurnDriver, readonly string[]> = {
  low_seat_utilisation: ['seat_utilisation', 'active_users', 'active_users_trend', 'core_users_lost'],
  champion_departed: ['champion_present'],
  severe_ticket_burst: ['open_urgent_tickets', 'ticket_volume_trend', 'ticket_csat', 'first_response_minutes'],
  slow_onboarding: ['active_users', 'seat_utilisation', 'feature_breadth', 'days_since_last_use'],
  wrong_product_sold: ['feature_breadth', 'seat_utilisation', 'active_users'],
  low_touch_uncontacted: ['days_since_csm_touch'],
  price_increase: ['price_rise_pending'],
};

/**
 * The model trained on a small demo world's past explains its riskiest accounts by the drivers
 * the simulation hid in them. It predicts a loss within 180 days, so an account renewing later
 * is at little risk whatever ails it: the riskiest are picked among the accounts renewing
 * within those 180 days. The ground truth is read here only, to check.
 */
describe('churn model on the demo world (300 accounts, 18 months)', () => {
  let handle: TestDatabase;
  let workspaceId: string;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Demo')).id;
    await loadDemoWorld(handle.db, { workspaceId, accounts: 300, months: 18, seed: 3, today, healthHistory: false });
  });
  after(() => handle.close());

  test("the riskiest accounts' top reasons name their hidden drivers", async () => {
    const result = await retrainHealthModel(handle.db, { workspaceId, clock: { now: () => new Date(`${today}T12:00:00Z`) } });
    assert.ok(result.trained, JSON.stringify(result));
    const truth = new Map((await findGroundTruth(handle.db, workspaceId)).map((row) => [row.account_id, row]));
    const renewing = new Set(
      (
        await handle.db
          .selectFrom('subscriptions')
          .select('account_id')
          .where('workspace_id', '=', workspaceId)
          .where('start_date', '<=', today)
          .where('end_date', '>=', today)
          .where('end_date', '<=', addDays(today, 180))
          .execute()
      ).map((row) => row.account_id),
    );
    const predictions = (
      await handle.db.selectFrom('health_model_predictions').select(['account_id', 'probability', 'reasons']).where('workspace_id', '=', workspaceId).orderBy('probability', 'desc').execute()
    ).filter((p) => renewing.has(p.account_id));
    // The risk ranks accounts with a hidden driver above those without (a third or so have one).
    const hasDriver = predictions.map((p) => (driversOf(truth.get(p.account_id)!.drivers).length > 0 ? 1 : 0));
    const driversAuc = rocAuc(hasDriver, predictions.map((p) => p.probability));
    assert.ok(driversAuc >= 0.7, `AUC of the risk for "has a hidden driver": ${driversAuc.toFixed(3)} over ${predictions.length} accounts`);
    const riskiest = predictions.slice(0, Math.ceil(predictions.length / 3));
    const withDrivers = riskiest.filter((p) => driversOf(truth.get(p.account_id)!.drivers).length > 0);
    const explained = withDrivers.filter((p) => {
      const features = new Set((p.reasons as RiskReason[]).map((r) => r.feature));
      return driversOf(truth.get(p.account_id)!.drivers).some((driver) => DRIVER_FEATURES[driver].some((f) => features.has(f)));
    });
    assert.ok(explained.length >= 0.6 * withDrivers.length, `${explained.length} of ${withDrivers.length} risky accounts with a driver have it among their top reasons`);
    // Across the riskiest accounts, the reasons cover several different drivers, not one feature for all.
    const named = new Set(
      withDrivers.flatMap((p) => {
        const features = new Set((p.reasons as RiskReason[]).map((r) => r.feature));
        return driversOf(truth.get(p.account_id)!.drivers).filter((driver) => DRIVER_FEATURES[driver].some((f) => features.has(f)));
      }),
    );
    assert.ok(named.size >= 3, `drivers named: ${[...named].join(', ')}`);
  });
});

function driversOf(stored: unknown): ChurnDriver[] {
  const drivers = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Array<{ driver: ChurnDriver; onset: string }>;
  return drivers.filter((d) => d.onset <= today).map((d) => d.driver);
}
