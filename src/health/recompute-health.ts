import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { loadHealthConfig } from './health-config.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { findAccountIds, upsertHistoryDay, upsertScores, type MeasureFacts } from './health.repository.js';
import { measureReader } from './measure-readings.js';
import { scoreAccount, type AccountScore } from './score-account.js';
import { scorecardFor, type HealthConfig } from './scorecard-config.js';
import { addDays } from './days.js';
import { findExpansionArr } from './disagreements.repository.js';
import { disagreementInputsOf, findSignalDisagreements } from './signal-disagreements.js';

type Conn = Kysely<Database>;

/** Accounts per set-based read and write: big enough to amortise the statement, small enough for PGlite's memory. */
export const RECOMPUTE_CHUNK = 5000;

/** Scores facts read for one day with the workspace's scorecards (pure). */
export function scoreFacts(config: HealthConfig, facts: MeasureFacts, asOf: string): AccountScore {
  const card = scorecardFor(config, { segment: facts.segment, lifecycleStage: facts.lifecycle_stage });
  return scoreAccount(config, card, measureReader(facts, asOf));
}

export type RecomputeResult = { accounts: number; days: number };

/**
 * Recomputes scores as of `asOf` (a UTC day) for the given accounts, or every account of the
 * workspace, in chunks of set-based reads: stores the current score (unless a later day is
 * already stored) and the day's history point. Idempotent: running it twice writes the same.
 *
 * @example
 *   await recomputeHealth(db, { workspaceId, asOf: '2026-12-05', now: clock.now() });
 */
export async function recomputeHealth(
  db: Conn,
  options: { workspaceId: string; asOf: string; now: Date; accountIds?: string[]; history?: boolean; current?: boolean },
): Promise<RecomputeResult> {
  const { workspaceId, asOf } = options;
  const { version, config } = await loadHealthConfig(db, workspaceId);
  const ids = options.accountIds ?? (await findAccountIds(db, workspaceId));
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += RECOMPUTE_CHUNK) chunks.push(ids.slice(start, start + RECOMPUTE_CHUNK));
  const read = (chunk: string[]) =>
    Promise.all([
      findMeasureFacts(db, { workspaceId, asOf, accountIds: options.accountIds || ids.length > RECOMPUTE_CHUNK ? chunk : undefined }),
      options.current !== false ? findExpansionArr(db, { workspaceId, asOf, accountIds: chunk }) : new Map<string, number>(),
    ]);
  let reading = chunks.length > 0 ? read(chunks[0]!) : undefined;
  for (let index = 0; index < chunks.length; index++) {
    const [facts, expansion] = await reading!;
    // The next chunk's read runs while this one is scored and written: on PostgreSQL the server
    // reads on one core while this process scores on the other (PGlite's one connection just
    // queues it). Its failure surfaces when it is awaited; until then it must not go unhandled.
    reading = index + 1 < chunks.length ? read(chunks[index + 1]!) : undefined;
    reading?.catch(() => undefined);
    const rows = facts.map((f) => ({
      accountId: f.account_id,
      ...scoreFacts(config, f, asOf),
      disagreements: findSignalDisagreements(disagreementInputsOf(f, expansion.get(f.account_id) ?? 0, asOf)),
    }));
    await inTransaction(db, async (trx) => {
      if (options.current !== false) {
        const changes = await upsertScores(trx, { workspaceId, configVersion: version, asOf, computedAt: options.now, rows });
        await emitDomainEvents(
          trx,
          changes.map(({ accountId, ...change }) => ({ type: 'health.changed', workspaceId, accountId, payload: { ...change, asOf } })),
          { now: () => options.now },
        );
      }
      if (options.history !== false) await upsertHistoryDay(trx, { workspaceId, day: asOf, rows });
    });
  }
  return { accounts: ids.length, days: 1 };
}


/**
 * Fills the history over a past period, one point every `stepDays` (weekly for the demo
 * world) and always `to`, each computed as of its own day from what had happened by then.
 * The current score is set from `to`.
 *
 * @example
 *   await backfillHealthHistory(db, { workspaceId, from: '2025-06-01', to: '2026-12-05', stepDays: 7, now });
 */
export async function backfillHealthHistory(
  db: Conn,
  options: { workspaceId: string; from: string; to: string; stepDays: number; now: Date; progress?: (line: string) => void },
): Promise<RecomputeResult> {
  const days: string[] = [];
  for (let day = options.to; day >= options.from; day = addDays(day, -options.stepDays)) days.unshift(day);
  let accounts = 0;
  for (const day of days) {
    const result = await recomputeHealth(db, { workspaceId: options.workspaceId, asOf: day, now: options.now, current: day === options.to });
    accounts = result.accounts;
    options.progress?.(`  health as of ${day}: ${result.accounts} accounts`);
  }
  return { accounts, days: days.length };
}
