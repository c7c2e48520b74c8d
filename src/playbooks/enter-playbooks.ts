import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { scheduleJobs, type ScheduleJobInput } from '../jobs/index.js';
import { playbookDefinitionSchema, type PlaybookDefinition } from './playbook-definition.js';
import { conditionsHold, describeConditions, holdoutDraw, isHeldOut } from './playbook-rules.js';
import { findAccountFacts, findLastEntry, insertRun, lockEntry, type PlaybookRecord } from './playbooks.repository.js';

export const PLAYBOOK_ADVANCE_JOB = 'playbooks.advance';

export type LoadedPlaybook = { id: string; workspaceId: string; name: string; version: number; eventsAfter: number; definition: PlaybookDefinition };

export function loadPlaybook(record: PlaybookRecord): LoadedPlaybook {
  return {
    id: record.id,
    workspaceId: record.workspace_id,
    name: record.name,
    version: record.current_version,
    eventsAfter: Number(record.events_after),
    definition: playbookDefinitionSchema.parse(record.definition),
  };
}

export type EntryCandidate = {
  playbook: LoadedPlaybook;
  accountId: string;
  /** What made it enter; the same key never enters the same account twice. */
  entryKey: string;
  reason: string;
  context?: Record<string, unknown>;
};

export type EntryTotals = { entered: number; heldOut: number; skipped: number };

/** The job that starts (or resumes) a run; its key names the run, the position and the time. */
export function advanceJob(workspaceId: string, runId: string, position: string, runAt: Date): ScheduleJobInput {
  return { type: PLAYBOOK_ADVANCE_JOB, workspaceId, payload: { runId }, runAt, uniqueKey: `${runId}:${position}:${runAt.toISOString()}`, maxAttempts: 8 };
}

/** The reason an entry is refused by the re-entry rule, or null when it may enter. */
export function reentryRefusal(definition: PlaybookDefinition, lastEntry: Date | undefined, now: Date): string | null {
  if (lastEntry === undefined) return null;
  if (definition.reentry.kind === 'once') return 'already entered (once per account)';
  const nextAllowed = lastEntry.getTime() + definition.reentry.days * 86_400_000;
  return now.getTime() < nextAllowed ? `entered less than ${definition.reentry.days} days ago` : null;
}

/**
 * Enters accounts into playbooks, in the caller's transaction (the consumer's delivery or the
 * schedule job): checks the conditions on the account's present facts and the re-entry rule
 * under a per-(playbook, account) advisory lock, draws the holdout, records the run, and
 * schedules its first step as a job. A cause already recorded (same entry key) is skipped by
 * the unique index, so a redelivered event enters nothing twice.
 */
export async function enterAccounts(
  trx: Kysely<Database>,
  candidates: EntryCandidate[],
  options: { clock: Clock },
): Promise<EntryTotals> {
  const totals: EntryTotals = { entered: 0, heldOut: 0, skipped: 0 };
  const now = options.clock.now();
  const today = now.toISOString().slice(0, 10);
  const jobs: ScheduleJobInput[] = [];
  const byWorkspace = new Map<string, EntryCandidate[]>();
  for (const candidate of candidates) {
    const list = byWorkspace.get(candidate.playbook.workspaceId) ?? [];
    list.push(candidate);
    byWorkspace.set(candidate.playbook.workspaceId, list);
  }
  for (const [workspaceId, group] of byWorkspace) {
    const facts = await findAccountFacts(trx, workspaceId, group.map((candidate) => candidate.accountId));
    for (const candidate of group) {
      const account = facts.get(candidate.accountId);
      const { definition } = candidate.playbook;
      if (!account || !conditionsHold(definition.conditions, account, today)) {
        totals.skipped += 1;
        continue;
      }
      await lockEntry(trx, candidate.playbook.id, candidate.accountId);
      if (reentryRefusal(definition, await findLastEntry(trx, candidate.playbook.id, candidate.accountId), now) !== null) {
        totals.skipped += 1;
        continue;
      }
      const draw = holdoutDraw(candidate.playbook.id, candidate.accountId, candidate.entryKey);
      const isHoldout = isHeldOut(definition.holdoutPercent, draw);
      const conditions = definition.conditions.length > 0 ? `; conditions held: ${describeConditions(definition.conditions)}` : '';
      const runId = await insertRun(trx, {
        workspaceId,
        playbookId: candidate.playbook.id,
        version: candidate.playbook.version,
        accountId: candidate.accountId,
        entryKey: candidate.entryKey,
        reason: `${candidate.reason}${conditions}`,
        context: candidate.context ?? {},
        isHoldout,
        holdoutDraw: draw,
        holdoutPercent: definition.holdoutPercent,
        now,
      });
      if (runId === undefined) {
        totals.skipped += 1;
      } else if (isHoldout) {
        totals.heldOut += 1;
      } else {
        totals.entered += 1;
        jobs.push(advanceJob(workspaceId, runId, '0', now));
      }
    }
  }
  if (jobs.length > 0) await scheduleJobs(trx, jobs, options.clock);
  return totals;
}
