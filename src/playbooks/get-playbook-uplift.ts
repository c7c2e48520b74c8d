import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { findHealthPoints } from '../health/index.js';
import { measurePlaybookOutcomes, type OutcomeFacts } from './measure-playbook-outcomes.js';
import { playbookDefinitionSchema } from './playbook-definition.js';
import { addDays } from './playbook-rules.js';
import { countStepsDone, findChurnDays, findOutcomeEntries } from './playbook-outcomes.repository.js';
import { findPlaybookById } from './playbooks.repository.js';
import type { PlaybookUplift, PlaybookUpliftQuery } from './playbooks.schema.js';

/**
 * Does the play work? Each account's first entry, enrolled or held out, and its outcomes in
 * the `days` after entry (churn from the ARR ledger, health from the stored history), with the
 * uplift against the holdout and its 95 % interval (`measure-playbook-outcomes.ts`). Every
 * member of the workspace may read it, as they read the playbook.
 *
 * @example
 *   const uplift = await getPlaybookUplift(db, actor, playbookId, { days: 90 });
 */
export async function getPlaybookUplift(db: Kysely<Database>, actor: Actor, id: string, query: PlaybookUpliftQuery, clock: Clock = systemClock): Promise<PlaybookUplift> {
  // Scoped to the caller's workspace: another workspace's playbook is simply not found.
  const record = await findPlaybookById(db, actor.workspaceId, id);
  if (!record) throw notFound('Playbook', id);
  const today = clock.now().toISOString().slice(0, 10);
  const rows = await findOutcomeEntries(db, actor.workspaceId, id);
  const entries = rows.map((row) => ({ accountId: row.account_id, isHoldout: row.is_holdout, enteredOn: row.entered_on }));
  const accountIds = [...new Set(entries.map((entry) => entry.accountId))];
  const earliest = entries.reduce((min, entry) => (entry.enteredOn < min ? entry.enteredOn : min), today);
  const [churn, health, stepsDone] = await Promise.all([
    findChurnDays(db, actor.workspaceId, accountIds, earliest),
    findHealthPoints(db, { workspaceId: actor.workspaceId, accountIds, from: addDays(earliest, -7), to: today }),
    countStepsDone(db, actor.workspaceId, id),
  ]);
  const facts = new Map<string, OutcomeFacts>(accountIds.map((accountId) => [accountId, { churnDays: [], health: health.get(accountId) ?? [] }]));
  for (const row of churn) (facts.get(row.account_id)!.churnDays as string[]).push(row.day);
  const measured = measurePlaybookOutcomes({ entries, facts, today, windowDays: query.days });
  return { playbookId: id, asOf: today, holdoutPercent: playbookDefinitionSchema.parse(record.definition).holdoutPercent, stepsDone, ...measured };
}
