import type { Kysely } from 'kysely';
import { automationActor } from '../auth/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import type { CreateSegmentInput } from './segments.schema.js';
import { ensureSegments } from './segments.js';

const NOT_CHURNED = { field: 'lifecycleStage', op: 'neq', value: 'Churned' } as const;

/**
 * The example segments every demo world ships with: the demo's ARR bands (enterprise
 * contracts run from about $100k, self-serve and small business under $10k), renewals
 * coming up, and accounts in trouble.
 */
export const EXAMPLE_SEGMENTS: CreateSegmentInput[] = [
  {
    name: 'Enterprise — high touch',
    description: 'Customers at $100k ARR or more: a named CSM, business reviews, success plans.',
    engagementModel: 'high_touch',
    rules: { match: 'all', conditions: [{ field: 'arr', op: 'gte', value: 100_000 }, NOT_CHURNED] },
  },
  {
    name: 'Mid-market — low touch',
    description: 'From $10k to $100k ARR: a pooled CS team and one-to-many programmes.',
    engagementModel: 'low_touch',
    rules: { match: 'all', conditions: [{ field: 'arr', op: 'gte', value: 10_000 }, { field: 'arr', op: 'lt', value: 100_000 }, NOT_CHURNED] },
  },
  {
    name: 'Long tail — tech touch',
    description: 'Paying under $10k ARR: digital plays only (emails, in-app guides).',
    engagementModel: 'tech_touch',
    rules: { match: 'all', conditions: [{ field: 'arr', op: 'gt', value: 0 }, { field: 'arr', op: 'lt', value: 10_000 }, NOT_CHURNED] },
  },
  {
    name: 'Renewing in 90 days',
    description: 'A contract ends within the next 90 days.',
    engagementModel: 'low_touch',
    rules: { match: 'all', conditions: [{ field: 'renewalDate', op: 'within_next_days', value: 90 }, NOT_CHURNED] },
  },
  {
    name: 'Red health',
    description: 'Health band red, or usage down by half over the last 30 days.',
    engagementModel: 'high_touch',
    rules: {
      match: 'all',
      conditions: [
        NOT_CHURNED,
        {
          match: 'any',
          conditions: [
            { field: 'health.band', op: 'eq', value: 'red' },
            { field: 'usage.eventsChangePct', op: 'lte', value: -50, days: 30 },
          ],
        },
      ],
    },
  },
];

/**
 * Creates the example segments in a demo workspace (those it lacks, by name) and fills them.
 *
 * @example
 *   await createExampleSegments(db, { workspaceId, clock });
 */
export async function createExampleSegments(db: Kysely<Database>, options: { workspaceId: string; clock?: Clock }): Promise<number> {
  return ensureSegments(db, { actor: automationActor(options.workspaceId, 'demo'), inputs: EXAMPLE_SEGMENTS, ...(options.clock ? { clock: options.clock } : {}) });
}
