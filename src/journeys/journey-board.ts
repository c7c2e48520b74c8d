import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Database } from '../db/schema.js';
import { findStays } from './account-journey.js';
import type { JourneyBoard, JourneyBoardQuery, StageStatus } from './journey.schema.js';
import { loadJourney } from './load-journey.js';

const SEVERITY: Record<StageStatus, number> = { stuck: 0, behind: 1, on_track: 2 };

/**
 * Accounts by stage with on track / behind / stuck counts, filterable by owner and segment.
 * Each column lists the most urgent accounts first (stuck, then behind, longest in stage
 * first); accounts whose stage is not one of the journey form a last column named "".
 */
export async function getJourneyBoard(db: Kysely<Database>, actor: Actor, query: JourneyBoardQuery, now: Date): Promise<JourneyBoard> {
  const journey = await loadJourney(db, actor.workspaceId);
  const stays = (await findStays(db, journey, { workspaceId: actor.workspaceId, ownerId: query.ownerId, segment: query.segment }, now)).filter((s) => s.stage !== null);
  const columns = journey.config.stages.map((stage) => ({ stage: stage.name, stageKey: stage.key as string | null, isExit: stage.isExit, members: stays.filter((s) => s.stageKey === stage.key) }));
  const unmapped = stays.filter((s) => s.stageKey === null);
  if (unmapped.length) columns.push({ stage: '', stageKey: null, isExit: false, members: unmapped });
  return {
    columns: columns.map(({ members, ...column }) => ({
      ...column,
      total: members.length,
      onTrack: members.filter((m) => m.status === 'on_track').length,
      behind: members.filter((m) => m.status === 'behind').length,
      stuck: members.filter((m) => m.status === 'stuck').length,
      accounts: members
        .sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status] || (b.daysInStage ?? 0) - (a.daysInStage ?? 0) || a.name.localeCompare(b.name))
        .slice(0, query.perStage)
        .map((m) => ({ id: m.id, name: m.name, ownerName: m.ownerName, segment: m.segment, daysInStage: m.daysInStage, expectedDays: m.expectedDays, status: m.status })),
    })),
  };
}
