import type { Kysely } from 'kysely';
import type { FeatureRecord } from '../churn-model/index.js';
import type { Database } from '../db/schema.js';
import { findMeasureFacts } from '../health/index.js';
import { findRenewalDecisions } from './health-model.repository.js';
import { cutDayOf, DEFAULT_CUT, featureRecordOf, type CutOptions } from './training-features.js';

type Conn = Kysely<Database>;

/** One training row: a renewal decision, the day its features were read as of, and the features. */
export type TrainingRow = {
  accountId: string;
  decisionDay: string;
  cutDay: string;
  /** 1 = churned or contracted at the decision, 0 = renewed. */
  label: 0 | 1;
  features: FeatureRecord;
};

export type BuildTrainingSetOptions = Partial<CutOptions> & {
  workspaceId: string;
  /** Only decisions made on or before this day (a backtest passes its as-of day). */
  decidedBy: string;
  progress?: (line: string) => void;
};

/**
 * The workspace's point-in-time training set: every renewal decision made by `decidedBy`,
 * labelled lost (churn or contraction) or renewed, with the account's measure inputs as they
 * stood N days before it, never anything later. Decisions sharing a cut day are read in one
 * set-based statement (`findMeasureFacts` for those accounts as of that day).
 *
 * @example
 *   const rows = await buildTrainingSet(db, { workspaceId, decidedBy: '2026-06-01' });
 */
export async function buildTrainingSet(db: Conn, options: BuildTrainingSetOptions): Promise<TrainingRow[]> {
  const cut: CutOptions = { leadDays: options.leadDays ?? DEFAULT_CUT.leadDays, gridDays: options.gridDays ?? DEFAULT_CUT.gridDays };
  const decisions = await findRenewalDecisions(db, { workspaceId: options.workspaceId, decidedBy: options.decidedBy });
  const byCut = new Map<string, typeof decisions>();
  for (const decision of decisions) {
    const day = cutDayOf(decision.day, cut);
    byCut.set(day, [...(byCut.get(day) ?? []), decision]);
  }
  const rows: TrainingRow[] = [];
  let done = 0;
  for (const [cutDay, group] of [...byCut].sort(([a], [b]) => a.localeCompare(b))) {
    const ids = [...new Set(group.map((decision) => decision.account_id))];
    const facts = new Map((await findMeasureFacts(db, { workspaceId: options.workspaceId, asOf: cutDay, accountIds: ids })).map((f) => [f.account_id, f]));
    for (const decision of group) {
      const accountFacts = facts.get(decision.account_id);
      if (!accountFacts) continue;
      rows.push({ accountId: decision.account_id, decisionDay: decision.day, cutDay, label: decision.lost ? 1 : 0, features: featureRecordOf(accountFacts, cutDay) });
    }
    done += group.length;
    options.progress?.(`training set: ${done}/${decisions.length} renewal decisions read (as of ${cutDay})`);
  }
  return rows;
}
