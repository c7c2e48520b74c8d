import { z } from 'zod';
import { ENGAGEMENT_MODELS, FieldKindValues, SEGMENT_OPERATORS, segmentRulesSchema } from './segment-rules.js';

/** Request and response shapes of the segments API; the OpenAPI document is generated from these. */

const engagementModel = z.enum(ENGAGEMENT_MODELS).describe('high_touch: a CSM’s time; low_touch: a pooled team; tech_touch: digital plays only');

export const segmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    engagementModel,
    rules: segmentRulesSchema,
    version: z.number().int().describe('Grows with each change of the rules'),
    memberCount: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
    evaluatedAt: z.date().nullable().describe('When membership was last brought up to date'),
    pool: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('The team whose members share this segment’s accounts: a playbook task owned by the "segment pool" goes to the member with the fewest open tasks'),
  })
  .meta({ id: 'Segment' });
export type Segment = z.infer<typeof segmentSchema>;

export const createSegmentInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullish(),
  engagementModel,
  rules: segmentRulesSchema,
  poolTeamId: z.uuid().nullish().describe('A team of the workspace (see /api/teams); null: no pool'),
});
export type CreateSegmentInput = z.infer<typeof createSegmentInputSchema>;

export const updateSegmentInputSchema = createSegmentInputSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });
export type UpdateSegmentInput = z.infer<typeof updateSegmentInputSchema>;

const accountSummary = {
  id: z.uuid(),
  name: z.string(),
  arr: z.number(),
  lifecycleStage: z.string().nullable(),
  renewalDate: z.string().nullable(),
  ownerName: z.string().nullable(),
  healthBand: z.enum(['green', 'yellow', 'red']).nullable(),
  healthScore: z.number().int().nullable(),
};

export const previewSegmentInputSchema = z.strictObject({
  rules: segmentRulesSchema,
  limit: z.number().int().min(1).max(50).default(10).describe('How many matching accounts to list (largest ARR first)'),
});
export type PreviewSegmentInput = z.input<typeof previewSegmentInputSchema>;

export const segmentPreviewSchema = z
  .object({ count: z.number().int().describe('Accounts the rules match now'), accounts: z.array(z.object(accountSummary)) })
  .meta({ id: 'SegmentPreview' });
export type SegmentPreview = z.infer<typeof segmentPreviewSchema>;

export const segmentMembersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type SegmentMembersQuery = z.infer<typeof segmentMembersQuerySchema>;

export const segmentMemberSchema = z.object({ ...accountSummary, ownerId: z.uuid().nullable(), enteredAt: z.date() }).meta({ id: 'SegmentMember' });
export type SegmentMember = z.infer<typeof segmentMemberSchema>;

export const segmentMembersPageSchema = z.object({ data: z.array(segmentMemberSchema), nextCursor: z.string().nullable() });
export type SegmentMembersPage = z.infer<typeof segmentMembersPageSchema>;

export const accountSegmentSchema = z
  .object({ id: z.uuid(), name: z.string(), engagementModel, enteredAt: z.date() })
  .meta({ id: 'AccountSegment' });
export type AccountSegment = z.infer<typeof accountSegmentSchema>;

export const segmentFieldSchema = z
  .object({
    field: z.string(),
    label: z.string(),
    kind: z.enum(FieldKindValues),
    operators: z.array(z.enum(SEGMENT_OPERATORS)),
    options: z.array(z.string()).optional(),
    windowed: z.boolean().describe('Read over the last `days` days (usage measures)'),
  })
  .meta({ id: 'SegmentField' });
export type SegmentField = z.infer<typeof segmentFieldSchema>;
