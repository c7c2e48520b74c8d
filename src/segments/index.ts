/**
 * Segments: saved, dynamic account filters with an engagement model (high, low or tech touch),
 * per workspace. Rules are a small JSON language (`segment-rules.ts`) compiled to one SQL
 * statement per segment; membership is stored and kept current by the `segments.membership`
 * domain-event consumer, the `segments.evaluate` / `segments.refresh` jobs and every save of
 * the rules, with a `segment.entered` / `segment.left` event per change.
 *
 * @example
 *   const segments = await segmentsOfAccount(db, workspaceId, accountId);
 *   const highTouch = segments.some((segment) => segment.engagementModel === 'high_touch');
 */
export * from './segments.schema.js';
export {
  ENGAGEMENT_MODELS,
  SEGMENT_FIELDS,
  SEGMENT_OPERATORS,
  checkSegmentRules,
  segmentConditionSchema,
  segmentRulesSchema,
  type EngagementModel,
  type SegmentCondition,
  type SegmentGroup,
  type SegmentOperator,
  type SegmentRules,
} from './segment-rules.js';
export {
  accountsInSegment,
  accountsMatchingRules,
  createSegment,
  deleteSegment,
  getSegmentOrThrow,
  listAccountSegments,
  listSegmentFields,
  listSegmentMembers,
  listSegments,
  previewSegment,
  segmentPoolFor,
  segmentsOfAccount,
  updateSegment,
  type SegmentPool,
} from './segments.js';
export { evaluateWorkspaceSegments } from './evaluate-segments.js';
export { segmentMembershipConsumer } from './segments-consumer.js';
export { segmentsEvaluateJob, segmentsRefreshJob, SEGMENTS_EVALUATE_JOB } from './segments-jobs.js';
export { createExampleSegments, EXAMPLE_SEGMENTS } from './demo-segments.js';
