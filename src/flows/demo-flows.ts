import type { IngestEvent } from '../ingest/index.js';
import type { CreateFlowInput } from './flows.schema.js';

/**
 * The demo's example flow: a new user's onboarding in the product. Its third step fails when
 * the integration reports an `error`; three failures, or a week without getting further,
 * make the user stuck.
 */
export const DEMO_ONBOARDING_FLOW: CreateFlowInput = {
  name: 'User onboarding',
  description: 'From sign-up to inviting a teammate. A failing integration is where stalled onboardings get stuck.',
  isActive: true,
  steps: [
    { key: 'signup', name: 'Signed up', event: 'signed_up' },
    { key: 'workspace', name: 'Workspace created', event: 'workspace_created', idleMinutes: 3 * 1440 },
    {
      key: 'integration',
      name: 'Integration connected',
      event: 'integration_connected',
      failure: { where: { property: 'error' } },
      maxFailures: 3,
      idleMinutes: 7 * 1440,
    },
    { key: 'first_project', name: 'First project', event: 'project_created', maxRepeats: 5, idleMinutes: 7 * 1440 },
    { key: 'invite', name: 'Teammate invited', event: 'teammate_invited', idleMinutes: 14 * 1440 },
  ],
};

/** What the generator needs of a demo account. */
export type DemoFlowAccount = {
  accountId: string;
  groupId: string;
  customerSince: string;
  /** The onset of a stalled onboarding (the demo's hidden `slow_onboarding` driver), or null. */
  stalledSince: string | null;
};

export type DemoFlowOptions = {
  accounts: DemoFlowAccount[];
  historyStart: string;
  /** Events run through the day before this one. */
  today: string;
  /** The demo's seeded generator (demo/random.ts), so the same seed gives the same events. */
  random: { next(): number };
  usersPerAccount?: number;
};

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Onboarding events for the demo world (pure, seeded): up to three users per account each
 * start the onboarding flow — on the onset of a stalled onboarding for the accounts the
 * simulation gave that driver, otherwise at a random day after the account (or the history)
 * began. Healthy users move on within hours or days, an integration fails once now and then,
 * and about one in ten drops off somewhere. Users of stalled accounts create their workspace,
 * then the integration fails three to five times and they never get further: the flow's
 * stuck list and funnel point at them, as the hidden driver says.
 */
export function simulateOnboardingEvents(options: DemoFlowOptions): IngestEvent[] {
  const { random } = options;
  const between = (min: number, max: number) => min + random.next() * (max - min);
  const end = Date.parse(`${options.today}T00:00:00Z`) - HOUR;
  const historyStart = Date.parse(`${options.historyStart}T00:00:00Z`);
  const events: IngestEvent[] = [];
  for (const account of options.accounts) {
    const onset = account.stalledSince ? Date.parse(`${account.stalledSince}T09:00:00Z`) : null;
    // A stall that began before the history shows no onboarding events: that user went through earlier.
    const stalledAt = onset !== null && onset >= historyStart ? onset : null;
    const begin = Math.max(Date.parse(`${account.customerSince}T09:00:00Z`), historyStart);
    const users = options.usersPerAccount ?? 3;
    for (let u = 0; u < users; u++) {
      const userId = `${account.groupId}-u${u}`;
      let at = stalledAt !== null ? stalledAt + u * between(0, 2) * DAY : begin + between(0, 120) * DAY;
      if (at >= end) continue;
      let index = 0;
      const send = (event: string, properties: Record<string, unknown> = {}) => {
        if (at >= end) return false;
        const timestamp = new Date(Math.floor(at / 1000) * 1000);
        events.push({
          index: 0,
          messageId: `${userId}-onboarding-${index++}`,
          type: 'track',
          event,
          userId,
          anonymousId: null,
          groupId: account.groupId,
          previousId: null,
          properties,
          context: { library: { name: 'boomerang-demo', version: '1' }, groupId: account.groupId },
          timestamp,
          originalTimestamp: timestamp,
          sentAt: timestamp,
          receivedAt: timestamp,
        });
        return true;
      };
      if (!send('signed_up')) continue;
      at += between(0.1, 20) * HOUR;
      if (!send('workspace_created')) continue;
      if (stalledAt !== null) {
        const failures = 3 + Math.floor(random.next() * 3);
        for (let attempt = 0; attempt < failures; attempt++) {
          at += between(2, 48) * HOUR;
          send('integration_connected', { provider: 'salesforce', error: 'Authentication rejected by the provider' });
        }
        continue;
      }
      const drop = random.next() < 0.1 ? 2 + Math.floor(random.next() * 3) : 99;
      at += between(1, 72) * HOUR;
      if (drop === 2) continue;
      if (random.next() < 0.15) {
        send('integration_connected', { provider: 'hubspot', error: 'Timed out' });
        at += between(1, 24) * HOUR;
      }
      if (!send('integration_connected', { provider: random.next() < 0.5 ? 'hubspot' : 'salesforce' })) continue;
      at += between(2, 96) * HOUR;
      if (drop === 3) continue;
      if (!send('project_created')) continue;
      at += between(4, 240) * HOUR;
      if (drop === 4) continue;
      send('teammate_invited');
    }
  }
  return events;
}
