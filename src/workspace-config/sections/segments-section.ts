import { z } from 'zod';
import { createSegment, deleteSegment, ENGAGEMENT_MODELS, listSegments, segmentRulesSchema, updateSegment, type CreateSegmentInput } from '../../segments/index.js';
import { namedItemsSection } from '../named-items.js';

/** A segment in the file: its name is its identity; the rules as the segment editor saves them. */
export const segmentItemSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullish(),
  engagementModel: z.enum(ENGAGEMENT_MODELS),
  rules: segmentRulesSchema,
});
type SegmentItem = z.infer<typeof segmentItemSchema>;

/** Segments (saved account filters): applied first, since playbooks name them. */
export const segmentsSection = namedItemsSection<SegmentItem, null, CreateSegmentInput>({
  key: 'segments',
  describe: 'segments',
  noun: 'segment',
  caseInsensitive: false,
  itemSchema: segmentItemSchema,
  lookups: async () => null,
  list: async (db, actor) =>
    (await listSegments(db, actor)).map((segment) => ({
      id: segment.id,
      name: segment.name,
      item: {
        name: segment.name,
        ...(segment.description ? { description: segment.description } : {}),
        engagementModel: segment.engagementModel,
        rules: segment.rules,
      },
    })),
  prepare: (item) => {
    const input = { name: item.name, description: item.description ?? null, engagementModel: item.engagementModel, rules: item.rules };
    return { input, comparable: input };
  },
  create: (trx, actor, input, clock) => createSegment(trx, actor, input, clock),
  update: (trx, actor, id, input, clock) => updateSegment(trx, actor, id, input, clock),
  remove: (trx, actor, id, clock) => deleteSegment(trx, actor, id, clock),
});
