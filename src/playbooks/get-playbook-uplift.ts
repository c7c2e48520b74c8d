import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { findHealthPoints, findHealthReadings } from '../health/index.js';
import { matchSimilarAccounts, profileOn, type ArrPoint } from './match-similar-accounts.js';
import {
  compareWithMatched,
  firstEntries,
  HEALTH_READING_TOLERANCE_DAYS,
  measurePlaybookOutcomes,
  USAGE_PERIOD_DAYS,
  type OutcomeFacts,
} from './measure-playbook-outcomes.js';
import { DEFAULT_OUTCOMES, playbookDefinitionSchema } from './playbook-definition.js';
import { addDays } from './playbook-rules.js';
import { countStepsDone, findAccountSegments, findArrLedger, findChurnDays, findOutcomeEntries, findUsageDays } from './playbook-outcomes.repository.js';
import { findPlaybookById } from './playbooks.repository.js';
import type { PlaybookUplift, PlaybookUpliftQuery } from './playbooks.schema.js';

/**
 * Does the play work? Each account's first entry, enrolled or held out, and its outcomes in
 * the `days` after entry (churn from the ARR ledger, health from the stored history, usage from
 * the daily rollups), judged on the outcomes the definition names, with the uplift against the
 * holdout and its 95 % interval (`measure-playbook-outcomes.ts`), and beside it the weaker
 * comparison with similar accounts never enrolled (`match-similar-accounts.ts`). Every
 * member of the workspace may read it, as they read the playbook.
 *
 * @example
 *   const uplift = await getPlaybookUplift(db, actor, playbookId, { days: 90 });
 */
export async function getPlaybookUplift(db: Kysely<Database>, actor: Actor, id: string, query: PlaybookUpliftQuery, clock: Clock = systemClock): Promise<PlaybookUplift> {
  // Scoped to the caller's workspace: another workspace's playbook is simply not found.
  const record = await findPlaybookById(db, actor.workspaceId, id);
  if (!record) throw notFound('Playbook', id);
  const definition = playbookDefinitionSchema.parse(record.definition);
  const specs = definition.outcomes ?? DEFAULT_OUTCOMES;
  const today = clock.now().toISOString().slice(0, 10);
  const ws = actor.workspaceId;
  const rows = await findOutcomeEntries(db, ws, id);
  const entries = rows.map((row) => ({ accountId: row.account_id, isHoldout: row.is_holdout, enteredOn: row.entered_on }));
  const inPlaybook = new Set(entries.map((entry) => entry.accountId));
  const earliest = entries.reduce((min, entry) => (entry.enteredOn < min ? entry.enteredOn : min), today);
  const enrolledFirst = firstEntries(entries).filter((entry) => !entry.isHoldout);
  // Profiles are only ever asked for on the enrolled accounts' entry days, so the pool's
  // ledger is read up to the last of them and its health only on those days.
  const entryDays = [...new Set(enrolledFirst.map((entry) => entry.enteredOn))];
  const lastEntryDay = entryDays.reduce((max, day) => (day > max ? day : max), earliest);
  // The comparison pool: every account that never entered this playbook, held out or not.
  const [segments, ledger, stepsDone] = await Promise.all([
    enrolledFirst.length > 0 ? findAccountSegments(db, ws) : Promise.resolve([]),
    enrolledFirst.length > 0 ? findArrLedger(db, ws, lastEntryDay) : Promise.resolve([]),
    countStepsDone(db, ws, id),
  ]);
  const candidates = segments.filter((account) => !inPlaybook.has(account.id)).map((account) => account.id);
  const readings = await findHealthReadings(db, {
    workspaceId: ws,
    accountIds: [...new Set(enrolledFirst.map((entry) => entry.accountId)), ...candidates],
    days: entryDays,
    toleranceDays: HEALTH_READING_TOLERANCE_DAYS,
  });
  const segmentOf = new Map(segments.map((account) => [account.id, account.segment]));
  const arrOf = new Map<string, ArrPoint[]>();
  for (const row of ledger) {
    const points = arrOf.get(row.account_id) ?? [];
    points.push({ day: row.day, subscriptionId: row.subscription_id, arrAfter: row.arr_after });
    arrOf.set(row.account_id, points);
  }
  const match = matchSimilarAccounts({
    enrolled: enrolledFirst,
    candidates,
    profileAt: (accountId, day) => profileOn({ segment: segmentOf.get(accountId) ?? null, arr: arrOf.get(accountId) ?? [], health: readings.on(accountId, day) }, day),
    segmentOf: (accountId) => segmentOf.get(accountId) ?? null,
  });
  const judged = [...inPlaybook, ...new Set(match.matched.map((entry) => entry.accountId))];
  const health = await findHealthPoints(db, { workspaceId: ws, accountIds: judged, from: addDays(earliest, -HEALTH_READING_TOLERANCE_DAYS), to: today });
  const needsUsage = specs.some((spec) => spec.kind === 'usage_change');
  const [churn, usage] = await Promise.all([
    findChurnDays(db, ws, judged, earliest),
    needsUsage ? findUsageDays(db, ws, judged, addDays(earliest, -USAGE_PERIOD_DAYS), today) : Promise.resolve([]),
  ]);
  const facts = new Map<string, OutcomeFacts & { churnDays: string[]; usage: { day: string; activeUsers: number; events: number }[] }>(
    judged.map((accountId) => [accountId, { churnDays: [], health: health.get(accountId) ?? [], usage: [] }]),
  );
  for (const row of churn) facts.get(row.account_id)!.churnDays.push(row.day);
  for (const row of usage) facts.get(row.account_id)!.usage.push({ day: row.day, activeUsers: row.active_users, events: row.events });
  const measured = measurePlaybookOutcomes({ entries, facts, today, windowDays: query.days, outcomes: specs });
  const comparison = enrolledFirst.length > 0 ? compareWithMatched({ match, facts, today, windowDays: query.days, outcomes: specs }) : null;
  return { playbookId: id, asOf: today, holdoutPercent: definition.holdoutPercent, stepsDone, ...measured, comparison };
}
