import { z } from 'zod';
import { listTeams } from '../../teams/index.js';
import { createSegment, deleteSegment, ENGAGEMENT_MODELS, listSegments, segmentRulesSchema, updateSegment, type CreateSegmentInput } from '../../segments/index.js';
import { namedItemsSection } from '../named-items.js';

/** A segment in the file: its name is its identity; the rules as the segment editor saves them. */
export const segmentItemSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullish(),
  engagementModel: z.enum(ENGAGEMENT_MODELS),
  rules: segmentRulesSchema,
  pool: z.string().trim().min(1).max(80).nullish().describe('The name of the team that is the segment’s pool'),
});
type SegmentItem = z.infer<typeof segmentItemSchema>;
type Teams = { idOf: Map<string, string>; nameOf: Map<string, string> };

/** Segments (saved account filters): after the teams their pools name, before the playbooks that name them. */
export const segmentsSection = namedItemsSection<SegmentItem, Teams, CreateSegmentInput>({
  key: 'segments',
  describe: 'segments',
  noun: 'segment',
  caseInsensitive: false,
  itemSchema: segmentItemSchema,
  lookups: async (db, actor) => {
    const teams = await listTeams(db, actor);
    // Team names are unique without case, as the teams section keys them.
    return { idOf: new Map(teams.map((team) => [team.name.toLowerCase(), team.id])), nameOf: new Map(teams.map((team) => [team.id, team.name])) };
  },
  list: async (db, actor, teams) =>
    (await listSegments(db, actor)).map((segment) => ({
      id: segment.id,
      name: segment.name,
      item: {
        name: segment.name,
        ...(segment.description ? { description: segment.description } : {}),
        engagementModel: segment.engagementModel,
        rules: segment.rules,
        ...(segment.pool ? { pool: teams.nameOf.get(segment.pool.id) ?? segment.pool.name } : {}),
      },
    })),
  prepare: (item, teams) => {
    const poolTeamId = item.pool ? teams.idOf.get(item.pool.toLowerCase()) : null;
    if (poolTeamId === undefined) return { issues: [{ path: 'pool', message: `no team is named "${item.pool}"` }] };
    const input = { name: item.name, description: item.description ?? null, engagementModel: item.engagementModel, rules: item.rules, poolTeamId };
    return { input, comparable: input };
  },
  create: (trx, actor, input, clock) => createSegment(trx, actor, input, clock),
  update: (trx, actor, id, input, clock) => updateSegment(trx, actor, id, input, clock),
  remove: (trx, actor, id, clock) => deleteSegment(trx, actor, id, clock),
});
