import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { breadthByDay, loadCatalogVersions, type CatalogVersion } from '../usage/index.js';
import { addDays } from './days.js';
import { FEATURE_BREADTH_DAYS, findMeasureFactRows, type MeasureFactRow, type MeasureFacts } from './health.repository.js';

// The window's days, worked out once per day asked for rather than once per account.
let lastWindow: { asOf: string; days: string[] } | undefined;
const breadthDays = (asOf: string): string[] => {
  if (lastWindow?.asOf !== asOf) lastWindow = { asOf, days: Array.from({ length: FEATURE_BREADTH_DAYS }, (_, back) => addDays(asOf, -back)) };
  return lastWindow.days;
};

/**
 * The most catalog features an account used on one day of the window ending `asOf`, each day
 * counted against the catalog in force that day by the Usage tab's own `breadthByDay`, so a
 * new event name changes no breadth until it is accepted into the catalog, and a later
 * catalog never rewrites an earlier day. Null when no catalog was in force on any of the days.
 */
export function featureBreadthOf(options: { versions: readonly CatalogVersion[]; eventDays: MeasureFactRow['event_days']; asOf: string }): number | null {
  const days = breadthDays(options.asOf);
  const namesByDay = new Map(Object.entries(options.eventDays ?? {}).map(([day, counts]) => [day, Object.keys(counts)]));
  const counted = breadthByDay({ versions: options.versions, namesByDay, days, windowDays: 1, addDays }).flatMap((day) => (day.used === null ? [] : [day.used]));
  return counted.length ? Math.max(...counted) : null;
}

/**
 * Every stored fact a measure reads, for a workspace's accounts (all, or `accountIds`), as of
 * the end of the UTC day `asOf` (see `findMeasureFactRows`), feature breadth in catalog features.
 */
export async function findMeasureFacts(db: Kysely<Database>, query: { workspaceId: string; asOf: string; accountIds?: string[] }): Promise<MeasureFacts[]> {
  const [rows, versions] = await Promise.all([findMeasureFactRows(db, query), loadCatalogVersions(db, query.workspaceId)]);
  return rows.map(({ event_days: eventDays, ...row }) => ({ ...row, feature_breadth: featureBreadthOf({ versions, eventDays, asOf: query.asOf }) }));
}
