import type { Kysely } from 'kysely';
import type { FeatureRecord } from '../churn-model/index.js';
import type { Database } from '../db/schema.js';
import { daysBetween, findMeasureFacts } from '../health/index.js';
import { findBacktestOutcomes, findRenewalDecisions, type RenewalDecision } from './health-model.repository.js';
import { cutDaysOf, DEFAULT_CUT, featureRecordOf, type CutOptions } from './training-features.js';

type Conn = Kysely<Database>;

/** One training row: an account as it stood on a cut day, and whether it was lost within the horizon after. */
export type TrainingRow = {
  accountId: string;
  /** The renewal decision the cut belongs to: the account's next one after the cut. */
  decisionDay: string;
  cutDay: string;
  /** 1 = churned or contracted within the horizon after the cut, 0 = not. */
  label: 0 | 1;
  features: FeatureRecord;
};

export type BuildTrainingSetOptions = Partial<CutOptions> & {
  workspaceId: string;
  /** Only decisions made on or before this day (a backtest passes its as-of day). */
  decidedBy: string;
  /** The model answers "lost within this many days?", as the backtest asks. */
  horizonDays: number;
  progress?: (line: string) => void;
};

/** A planned row before its features are read. */
export type PlannedCut = Omit<TrainingRow, 'features'>;

/**
 * Which rows the training set has (pure): for each renewal decision, a cut on every grid day
 * of the term before it (after the account's previous decision, at most `leadDays` before),
 * labelled lost when a churn or contraction was booked at a decision within `horizonDays`
 * after the cut. Cuts far from their renewal are the "not within the horizon" rows an
 * account scored mid-term needs, so the rows are distributed like the accounts scored on any
 * day, each with its days to renewal.
 */
export function planTrainingCuts(decisions: readonly RenewalDecision[], options: CutOptions & { horizonDays: number }): PlannedCut[] {
  const byAccount = new Map<string, RenewalDecision[]>();
  for (const decision of decisions) byAccount.set(decision.account_id, [...(byAccount.get(decision.account_id) ?? []), decision]);
  const cuts: PlannedCut[] = [];
  for (const [accountId, own] of byAccount) {
    own.sort((a, b) => a.day.localeCompare(b.day));
    own.forEach((decision, k) => {
      for (const cutDay of cutDaysOf({ decisionDay: decision.day, previousDay: own[k - 1]?.day ?? null }, options)) {
        const lost = own.slice(k).some((later) => later.lost && daysBetween(cutDay, later.day) <= options.horizonDays);
        cuts.push({ accountId, decisionDay: decision.day, cutDay, label: lost ? 1 : 0 });
      }
    });
  }
  return cuts.sort((a, b) => a.cutDay.localeCompare(b.cutDay) || a.accountId.localeCompare(b.accountId));
}

/**
 * The workspace's point-in-time training set: accounts as they stood on past days, each
 * labelled with whether it was lost (churn or contraction) within the horizon after, the same
 * question the backtest and the stored risk answer. Rows come from every renewal decision made
 * by `decidedBy` (`planTrainingCuts`); an account is cut only on days it had ARR (the accounts
 * the backtest scores). Features are as of the cut, never later; each cut day is one
 * set-based read for the accounts cut that day.
 *
 * @example
 *   const rows = await buildTrainingSet(db, { workspaceId, decidedBy: '2026-06-01', horizonDays: 180 });
 */
export async function buildTrainingSet(db: Conn, options: BuildTrainingSetOptions): Promise<TrainingRow[]> {
  const { workspaceId } = options;
  const decisions = await findRenewalDecisions(db, { workspaceId, decidedBy: options.decidedBy });
  const planned = planTrainingCuts(decisions, {
    leadDays: options.leadDays ?? DEFAULT_CUT.leadDays,
    gridDays: options.gridDays ?? DEFAULT_CUT.gridDays,
    horizonDays: options.horizonDays,
  });
  const byCut = new Map<string, PlannedCut[]>();
  for (const cut of planned) byCut.set(cut.cutDay, [...(byCut.get(cut.cutDay) ?? []), cut]);
  const rows: TrainingRow[] = [];
  let done = 0;
  for (const [cutDay, group] of byCut) {
    const ids = [...new Set(group.map((cut) => cut.accountId))];
    const withArr = new Set((await findBacktestOutcomes(db, { workspaceId, asOf: cutDay, until: cutDay })).map((o) => o.account_id));
    const scored = ids.filter((id) => withArr.has(id));
    const facts = new Map(scored.length ? (await findMeasureFacts(db, { workspaceId, asOf: cutDay, accountIds: scored })).map((f) => [f.account_id, f]) : []);
    for (const cut of group) {
      const accountFacts = facts.get(cut.accountId);
      if (accountFacts) rows.push({ ...cut, features: featureRecordOf(accountFacts, cutDay) });
    }
    done += 1;
    options.progress?.(`training set: ${done}/${byCut.size} cut days read (as of ${cutDay}, ${rows.length} rows)`);
  }
  return rows;
}
