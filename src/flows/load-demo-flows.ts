import type { Kysely } from 'kysely';
import { systemActor } from '../auth/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { storeEvents, type SourceRef } from '../ingest/index.js';
import { DEMO_ONBOARDING_FLOW, simulateOnboardingEvents, type DemoFlowOptions } from './demo-flows.js';
import { rebuildFlowProgress } from './flow-jobs.js';
import { createFlow } from './manage-flows.js';

/**
 * The demo world's flows, in the loader's transaction: defines the example onboarding flow,
 * stores its simulated events through the ingestion store (the code behind /v1), and reads
 * the progress from them as of the clock's now — stuck users raise their `flow_stuck`
 * signals, users still within a step's time get timers. One call from `demo/`.
 *
 * @example
 *   await loadDemoFlows(trx, { workspaceId, source, accounts, historyStart, today, random, clock });
 */
export async function loadDemoFlows(
  trx: Kysely<Database>,
  options: DemoFlowOptions & { workspaceId: string; source: SourceRef; clock: Clock },
): Promise<{ events: number; stuck: number }> {
  const flow = await createFlow(trx, systemActor(options.workspaceId), DEMO_ONBOARDING_FLOW, options.clock);
  const events = simulateOnboardingEvents(options);
  let stored = 0;
  for (let start = 0; start < events.length; start += 5000) {
    stored += (await storeEvents(trx, { source: options.source, events: events.slice(start, start + 5000), receivedAt: options.clock.now() })).accepted;
  }
  const { stuck } = await rebuildFlowProgress(trx, { workspaceId: options.workspaceId, flowId: flow.id, clock: options.clock });
  return { events: stored, stuck };
}
