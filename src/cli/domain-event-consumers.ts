import { updateAccount } from '../accounts/index.js';
import type { DomainEventConsumer } from '../domain-events/index.js';
import { handoffsConsumer } from '../handoffs/index.js';
import { contactsOfNewAccountsConsumer } from '../ingest/index.js';
import { experienceMomentsConsumer } from '../experience/index.js';
import { flowProgressConsumer } from '../flows/index.js';
import { healthInputsConsumer } from '../health/index.js';
import { segmentMembershipConsumer } from '../segments/index.js';
import { playbookTriggersConsumer } from '../playbooks/index.js';
import { createJourneyCriteriaConsumer, type MoveStage } from '../journeys/index.js';
import { waitingTicketsConsumer } from '../support/index.js';

/**
 * Every domain event consumer the processes run (`boomerang start`, `boomerang worker`),
 * listed where the processes are put together, as job handlers are in `job-handlers.ts`:
 * `domain-events/` knows no domain module, and each module exports its own consumers. A
 * consumer's name keeps its cursors; renaming one starts it again from the oldest event kept.
 */
export function domainEventConsumers(): DomainEventConsumer[] {
  const journeyConsumer = createJourneyCriteriaConsumer(moveStageAsAutomation);
  return [waitingTicketsConsumer, healthInputsConsumer, handoffsConsumer, segmentMembershipConsumer, playbookTriggersConsumer, journeyConsumer, experienceMomentsConsumer, flowProgressConsumer, contactsOfNewAccountsConsumer];
}

/** Auto-advance (the criteria consumer, a stay's timer) moves stages through the accounts module's update, so the gate and history apply. */
export const moveStageAsAutomation: MoveStage = async (db, actor, { accountId, stage, reason, now }) => {
  await updateAccount(db, actor, accountId, { lifecycleStage: stage }, { reason, source: 'automation', now });
};
