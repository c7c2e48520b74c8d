import type { Kysely } from 'kysely';
import type { FeatureRecord } from '../churn-model/index.js';
import type { Database } from '../db/schema.js';
import { findMeasureFacts } from '../health/index.js';
import { findRenewalDecisions } from './health-model.repository.js';
import { DEFAULT_CUT, featureRecordOf, planTrainingCuts, type CutOptions, type TrainingCut } from './training-features.js';

type Conn = Kysely<Database>;

/** One training row: an account's features as of a cut day, and whether it was lost within the horizon after it. */
export type TrainingRow = TrainingCut & { features: FeatureRecord };

export type BuildTrainingSetOptions = Partial<CutOptions> & {
  workspaceId: string;
  /** Only what was known by this day: decisions made by then (a backtest passes its as-of day). */
  decidedBy: string;
  progress?: (line: string) => void;
};

/**
 * The workspace's point-in-time training set: the accounts' measure inputs on every cut day
 * of each term that ended by `decidedBy` (`planTrainingCuts`), labelled lost when a churn or
 * contraction followed within the horizon, never with a fact from after the cut. The accounts
 * cut on one day are read in one set-based statement (`findMeasureFacts` as of that day).
 *
 * @example
 *   const rows = await buildTrainingSet(db, { workspaceId, decidedBy: '2026-06-01' });
 */
export async function buildTrainingSet(db: Conn, options: BuildTrainingSetOptions): Promise<TrainingRow[]> {
  const cut: CutOptions = { horizonDays: options.horizonDays ?? DEFAULT_CUT.horizonDays, strideDays: options.strideDays ?? DEFAULT_CUT.strideDays };
  const decisions = await findRenewalDecisions(db, { workspaceId: options.workspaceId, decidedBy: options.decidedBy });
  const byDay = new Map<string, TrainingCut[]>();
  for (const planned of planTrainingCuts(decisions, { ...cut, decidedBy: options.decidedBy })) {
    const group = byDay.get(planned.cutDay);
    if (group) group.push(planned);
    else byDay.set(planned.cutDay, [planned]);
  }
  const days = [...byDay.keys()].sort();
  const rows: TrainingRow[] = [];
  for (const [i, cutDay] of days.entries()) {
    const group = byDay.get(cutDay)!;
    const ids = [...new Set(group.map((planned) => planned.accountId))];
    const facts = new Map((await findMeasureFacts(db, { workspaceId: options.workspaceId, asOf: cutDay, accountIds: ids })).map((f) => [f.account_id, f]));
    for (const planned of group) {
      const accountFacts = facts.get(planned.accountId);
      if (accountFacts) rows.push({ ...planned, features: featureRecordOf(accountFacts, cutDay) });
    }
    options.progress?.(`training set: ${i + 1}/${days.length} cut days read (${cutDay}, ${group.length} accounts)`);
  }
  return rows;
}
