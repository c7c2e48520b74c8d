import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findHealthPoints, type HealthPoint } from '../health/index.js';
import { reentryRefusal } from './enter-playbooks.js';
import { playbookDefinitionSchema, type PlaybookDefinition } from './playbook-definition.js';
import { daysBetween, holdoutDraw, isHeldOut } from './playbook-rules.js';
import { findDetractorDays, findSignalDays, findWorkspaceAccountIds, hasRuns, insertHistoryRuns } from './playbook-outcomes.repository.js';
import { findPlaybooks } from './playbooks.repository.js';

/**
 * The demo world's past through the example playbooks (issue 12 item 6): so a first start
 * shows uplift figures, the demo records, for the simulated months, the entries the
 * playbooks would have made — health turning red, NPS detractors, vendor-review signals —
 * each with the same holdout draw and re-entry rule as a live entry. The runs are history
 * only: they carry no step results and created no tasks or emails.
 *
 * The simulated customers do not react to plays (their futures were drawn before), so the
 * demo's holdout comparison is an honest null: its intervals should span 0.
 */

export type DemoHistoryEvent = { accountId: string; day: string; reason: string };

/** Days on which an account's band turned red (the point before, within two weeks, was not red). */
export function redTurns(points: readonly HealthPoint[]): Array<{ day: string; score: number }> {
  const turns: Array<{ day: string; score: number }> = [];
  points.forEach((point, index) => {
    const previous = points[index - 1];
    if (point.band === 'red' && previous && previous.band !== 'red' && daysBetween(previous.day, point.day) <= 14) turns.push({ day: point.day, score: point.score });
  });
  return turns;
}

/** Applies the re-entry rule and draws the holdout for each event, in day order. Pure. */
export function planDemoEntries(playbook: { id: string; definition: PlaybookDefinition }, events: readonly DemoHistoryEvent[]) {
  const last = new Map<string, Date>();
  const entries: Array<DemoHistoryEvent & { entryKey: string; isHoldout: boolean; draw: number }> = [];
  for (const event of [...events].sort((a, b) => a.day.localeCompare(b.day) || a.accountId.localeCompare(b.accountId))) {
    const at = new Date(`${event.day}T10:00:00Z`);
    if (reentryRefusal(playbook.definition, last.get(event.accountId), at) !== null) continue;
    last.set(event.accountId, at);
    const entryKey = `demo:${event.day}`;
    const draw = holdoutDraw(playbook.id, event.accountId, entryKey);
    entries.push({ ...event, entryKey, draw, isHoldout: isHeldOut(playbook.definition.holdoutPercent, draw) });
  }
  return entries;
}

async function historyEvents(db: Kysely<Database>, workspaceId: string, definition: PlaybookDefinition, from: string, to: string): Promise<DemoHistoryEvent[]> {
  const { trigger } = definition;
  if (trigger.kind === 'health_band' && trigger.band === 'red') {
    const points = await findHealthPoints(db, { workspaceId, accountIds: await findWorkspaceAccountIds(db, workspaceId), from, to });
    return [...points].flatMap(([accountId, list]) => redTurns(list).map((turn) => ({ accountId, day: turn.day, reason: `Demo history: health turned red (${turn.score})` })));
  }
  if (trigger.kind === 'nps_detractor') {
    const rows = await findDetractorDays(db, workspaceId, { maxScore: trigger.maxScore, from, to });
    return rows.flatMap((row) => (row.account_id ? [{ accountId: row.account_id, day: row.day, reason: `Demo history: NPS ${row.score}` }] : []));
  }
  if (trigger.kind === 'signal') {
    const rows = await findSignalDays(db, workspaceId, { kind: trigger.signalKind, from, to });
    return rows.map((row) => ({ accountId: row.account_id, day: row.day, reason: `Demo history: signal “${row.title}”` }));
  }
  return [];
}

/**
 * Records the example playbooks' past entries in a demo workspace (once: a playbook that has
 * runs already is skipped). Returns how many runs it wrote, and how many of them are held out.
 *
 * @example
 *   await recordDemoPlaybookHistory(db, { workspaceId, from: '2025-12-05', to: '2026-12-05' });
 */
export async function recordDemoPlaybookHistory(db: Kysely<Database>, options: { workspaceId: string; from: string; to: string }): Promise<{ runs: number; heldOut: number }> {
  const { workspaceId, from, to } = options;
  let runs = 0;
  let heldOut = 0;
  for (const record of await findPlaybooks(db, workspaceId)) {
    if (await hasRuns(db, workspaceId, record.id)) continue;
    const definition = playbookDefinitionSchema.parse(record.definition);
    const entries = planDemoEntries({ id: record.id, definition }, await historyEvents(db, workspaceId, definition, from, to));
    await insertHistoryRuns(db, { workspaceId, id: record.id, version: record.current_version, holdoutPercent: definition.holdoutPercent }, entries);
    runs += entries.length;
    heldOut += entries.filter((entry) => entry.isHoldout).length;
  }
  return { runs, heldOut };
}
