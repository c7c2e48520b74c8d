import type { DomainEventConsumer } from '../domain-events/index.js';
import { eventsOfType } from '../domain-events/index.js';
import { evaluateUsers } from './evaluate-users.js';
import { findActiveFlows, recordStepHits } from './flows.repository.js';
import { stepMatchers } from './step-matchers.js';

/**
 * `flows.progress`: advances flow progress from each ingested batch, shortly after it
 * committed. A delivery (up to 500 `usage.events_ingested`, one per account and batch) costs
 * a fixed number of statements per workspace: the workspaces' active flows, one statement
 * that reads the batches' (account, day) events matching any step and adds them to the
 * users' records, then `evaluateUsers` for the users it touched (episodes, signals, timers).
 * Re-reading a whole day of an account is what makes it exact: an event counted before is
 * skipped by `flow_step_hits`, and an event whose batch committed out of order is found by
 * the next batch of its day, or by its own.
 */
export const flowProgressConsumer: DomainEventConsumer = {
  name: 'flows.progress',
  eventTypes: ['usage.events_ingested'],
  async handle(trx, events, context) {
    const ingested = eventsOfType(events, 'usage.events_ingested');
    const workspaces = [...new Set(ingested.map((event) => event.workspaceId))];
    const flows = await findActiveFlows(trx, workspaces);
    for (const workspaceId of workspaces) {
      const own = flows.filter((flow) => flow.workspace_id === workspaceId);
      if (own.length === 0) continue;
      const accountDays = new Map<string, { accountId: string; day: string }>();
      for (const event of ingested) {
        if (event.workspaceId !== workspaceId || !event.accountId) continue;
        for (const day of event.payload.days) accountDays.set(`${event.accountId}/${day}`, { accountId: event.accountId, day });
      }
      const touched = await recordStepHits(trx, {
        workspaceId,
        matchers: own.flatMap((flow) => stepMatchers(flow.id, flow.steps)),
        scope: { kind: 'days', accountDays: [...accountDays.values()] },
      });
      const users = [...new Map(touched.map((row) => [`${row.flow_id}\u0000${row.user_key}`, { flowId: row.flow_id, userKey: row.user_key }])).values()];
      await evaluateUsers(trx, { workspaceId, flows: new Map(own.map((flow) => [flow.id, flow])), users, clock: context.clock, automation: 'flows.progress' });
    }
  },
};
