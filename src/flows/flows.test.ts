import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller, type Team } from '../api/testing/api-test.js';
import { createTestClock, type TestClock } from '../core/clock.js';
import { drainDomainEvents } from '../domain-events/testing/drain-domain-events.js';
import { createJobRunner } from '../jobs/index.js';
import { FLOW_IDLE_JOB, flowIdleJob, flowProgressConsumer, flowRebuildJob } from './index.js';

/**
 * Flows through the real routes: events posted to /v1/batch, the `flows.progress` consumer
 * drained as the server's dispatcher would, timers run by a job runner on a test clock.
 */

const START = new Date('2026-03-02T09:00:00Z');

/** The flow of the example, its event names in a namespace of their own so each test's flow sees only its events. */
const checkout = (ns: string) => ({
  name: `Checkout ${ns}`,
  steps: [
    { key: 'signup', name: 'Signed up', event: `${ns}signed_up` },
    { key: 'address', name: 'Address entered', event: `${ns}address_entered`, failure: { where: { property: 'error' } }, maxFailures: 2, idleMinutes: 30 },
    { key: 'payment', name: 'Payment', event: `${ns}payment_made`, idleMinutes: 60 },
    { key: 'project', name: 'First project', event: `${ns}project_created` },
  ],
});

describe('product flows', () => {
  let t: ApiTest;
  let team: Team;
  let clock: TestClock;
  let writeKey: string;
  let accountId: string;
  let flowId: string;
  let message = 0;
  let flowCount = 0;
  let ns = '';
  let CHECKOUT = checkout(ns);

  const runJobs = () => createJobRunner({ db: t.handle.db, handlers: [flowIdleJob, flowRebuildJob], clock }).runDue();
  const drain = () => drainDomainEvents(t.handle.db, [flowProgressConsumer], clock);

  /** Posts track calls of group `grp-acme` to /v1/batch, `minutesAgo` before the clock's now. */
  async function track(calls: { userId: string; event: string; properties?: Record<string, unknown>; minutesAgo?: number }[]) {
    // A group call per user first, as an SDK sends on login: it ties the user to the account.
    const groups = [...new Set(calls.map((call) => call.userId))].map((userId) => ({
      type: 'group', userId, groupId: 'grp-acme', messageId: `g-${userId}`, timestamp: clock.now().toISOString(),
    }));
    const tracks = calls.map((call) => ({
      type: 'track',
      userId: call.userId,
      event: `${ns}${call.event}`,
      properties: call.properties ?? {},
      messageId: `m${++message}`,
      timestamp: new Date(clock.now().getTime() - (call.minutesAgo ?? 0) * 60_000).toISOString(),
      context: { groupId: 'grp-acme' },
    }));
    const batch = [...groups, ...tracks];
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: JSON.stringify({ batch }),
    });
    assert.equal(response.statusCode, 200, response.body);
    await drain();
    // A failing delivery is set aside for a retry job that never runs here: say why at once.
    const failed = await t.handle.db.selectFrom('domain_event_cursors').select(['consumer', 'last_error']).where('failed_at', 'is not', null).execute();
    assert.deepEqual(failed, [], 'no consumer delivery failed');
  }

  async function stuckSignals(caller: Caller = team.admin, account = accountId) {
    const response = await caller.get(`/api/accounts/${account}/signals?limit=200`);
    // This test's flow only: timers of earlier tests' users fire too when the clock moves.
    return (response.json().data as { type: string; title: string }[]).filter(
      (signal) => signal.type === 'flow_stuck' && signal.title.startsWith(`${CHECKOUT.name}: `),
    );
  }

  async function progressOf(userKey: string) {
    const flows = (await team.viewer.get(`/api/accounts/${accountId}/flows`)).json().data as {
      flowId: string;
      users: { userKey: string; currentStep: number; steps: { successes: number; failures: number }[]; stuck: { step: string; reason: string } | null }[];
    }[];
    return flows.find((flow) => flow.flowId === flowId)?.users.find((user) => user.userKey === userKey);
  }

  before(async () => {
    clock = createTestClock(START);
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
    accountId = (await team.admin.post('/api/accounts', { name: 'Acme', segment: 'smb', externalIds: { segment: 'grp-acme' } })).json().id;
    writeKey = (await team.admin.post('/api/sources', { name: 'App', kind: 'server' })).json().writeKey;
  });
  after(() => t.close());

  beforeEach(async () => {
    // A fresh flow per test, on events of its own, so users of earlier tests are not in it.
    ns = `t${++flowCount}_`;
    CHECKOUT = checkout(ns);
    const created = await team.admin.post('/api/flows', CHECKOUT);
    assert.equal(created.statusCode, 201, created.body);
    flowId = created.json().id;
    await runJobs();
  });

  test('ingested batches advance each user through the steps, counting repeats and failures', async () => {
    const user = `adv-${message}`;
    await track([{ userId: user, event: 'signed_up' }, { userId: user, event: 'page_viewed' }]);
    assert.equal((await progressOf(user))?.currentStep, 1);
    await track([{ userId: user, event: 'address_entered', properties: { error: 'postcode' } }]);
    await track([{ userId: user, event: 'address_entered' }, { userId: user, event: 'address_entered' }]);
    const progress = await progressOf(user);
    assert.equal(progress?.currentStep, 2);
    assert.deepEqual(progress?.steps.map((step) => [step.successes, step.failures]), [[1, 0], [2, 1], [0, 0], [0, 0]]);
    assert.equal(progress?.stuck, null);
    // The same day read again by a later batch counts nothing twice.
    await track([{ userId: `${user}-other`, event: 'signed_up' }]);
    assert.deepEqual((await progressOf(user))?.steps.map((step) => step.successes), [1, 2, 0, 0]);
  });

  test('failing a step past its threshold raises one flow_stuck signal per episode', async () => {
    const user = `fail-${message}`;
    const before = (await stuckSignals()).length;
    await track([{ userId: user, event: 'signed_up' }, { userId: user, event: 'address_entered', properties: { error: 'postcode' } }]);
    assert.equal((await stuckSignals()).length, before, 'one failure of two allowed');
    await track([{ userId: user, event: 'address_entered', properties: { error: 'postcode' } }]);
    await track([{ userId: user, event: 'address_entered', properties: { error: 'postcode' } }]);
    const signals = await stuckSignals();
    assert.equal(signals.length, before + 1, 'stuck once, however many failures follow');
    assert.ok(signals.some((signal) => signal.title === `${CHECKOUT.name}: user ${user} is stuck at “Address entered”`), JSON.stringify(signals));
    assert.deepEqual((await progressOf(user))?.stuck, { step: 'address', reason: 'failed', detail: 'Failed “Address entered” 2 times', since: clock.now().toISOString() });
    const stuck = (await team.viewer.get(`/api/flows/${flowId}/stuck`)).json().data;
    assert.deepEqual(stuck.map((row: { userKey: string; step: string; reason: string; accountName: string }) => [row.userKey, row.step, row.reason, row.accountName]), [
      [user, 'address', 'failed', 'Acme'],
    ]);
    // Getting past the step ends the episode.
    await track([{ userId: user, event: 'address_entered' }]);
    assert.equal((await progressOf(user))?.stuck, null);
    assert.deepEqual((await team.viewer.get(`/api/flows/${flowId}/stuck`)).json().data, []);
  });

  test('an idle timer raises one signal when the user did not advance, none when it did', async () => {
    const idle = `idle-${message}`;
    const quick = `quick-${message}`;
    const before = (await stuckSignals()).length;
    await track([{ userId: idle, event: 'signed_up' }, { userId: idle, event: 'address_entered' }, { userId: quick, event: 'signed_up' }, { userId: quick, event: 'address_entered' }]);
    const timers = await t.handle.db.selectFrom('jobs').select(['unique_key', 'run_at', 'payload']).where('type', '=', FLOW_IDLE_JOB).where('state', '=', 'queued').execute();
    const due = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    assert.deepEqual(
      timers.filter((timer) => timer.unique_key?.startsWith(flowId)).map((timer) => timer.run_at.toISOString()),
      [due, due],
      'payment is due within 60 minutes of the address: one timer per user and step',
    );
    clock.advance(30 * 60_000);
    await track([{ userId: quick, event: 'payment_made' }]);
    clock.advance(31 * 60_000);
    // A runner made after the timers were scheduled: they live in the jobs table, as across a restart.
    await runJobs();
    const signals = await stuckSignals();
    assert.equal(signals.length, before + 1);
    assert.ok(signals.some((signal) => signal.title === `${CHECKOUT.name}: user ${idle} is stuck at “Payment”`), JSON.stringify(signals));
    assert.equal((await progressOf(idle))?.stuck?.reason, 'idle');
    assert.equal((await progressOf(quick))?.stuck, null, 'the user who paid in time is not stuck');
    await runJobs();
    assert.equal((await stuckSignals()).length, before + 1, 'a timer run again raises nothing new');
  });

  test('the funnel counts users per step, conversion, median minutes and stuck users, by segment', async () => {
    // Four users on 2 March: all sign up; three enter an address after 10, 20 and 60 minutes;
    // two pay after 5 and 15 more; one fails the address twice (stuck).
    const t0 = 200; // minutes ago
    await track([
      ...['f1', 'f2', 'f3', 'f4'].map((user) => ({ userId: `${user}-${message}`, event: 'signed_up', minutesAgo: t0 })),
      { userId: `f1-${message}`, event: 'address_entered', minutesAgo: t0 - 10 },
      { userId: `f2-${message}`, event: 'address_entered', minutesAgo: t0 - 20 },
      { userId: `f3-${message}`, event: 'address_entered', minutesAgo: t0 - 60 },
      { userId: `f1-${message}`, event: 'payment_made', minutesAgo: t0 - 15 },
      { userId: `f2-${message}`, event: 'payment_made', minutesAgo: t0 - 35 },
      { userId: `f4-${message}`, event: 'address_entered', properties: { error: 'x' }, minutesAgo: t0 - 5 },
      { userId: `f4-${message}`, event: 'address_entered', properties: { error: 'x' }, minutesAgo: t0 - 6 },
    ]);
    const day = clock.now().toISOString().slice(0, 10);
    const funnel = (await team.viewer.get(`/api/flows/${flowId}/funnel?from=${day}&to=${day}&segment=smb`)).json();
    assert.deepEqual(
      funnel.steps.map((step: Record<string, unknown>) => [step.key, step.users, step.conversionFromPrevious, step.conversionFromStart, step.medianMinutesFromPrevious, step.stuck]),
      [
        ['signup', 4, null, null, null, 0],
        ['address', 3, 0.75, 0.75, 20, 1],
        // f3 entered the address 140 minutes ago and has not paid: an hour was allowed.
        ['payment', 2, 0.6667, 0.5, 10, 1],
        ['project', 0, 0, 0, null, 0],
      ],
    );
    const otherSegment = (await team.viewer.get(`/api/flows/${flowId}/funnel?from=${day}&to=${day}&segment=enterprise`)).json();
    assert.equal(otherSegment.steps[0].users, 0);
  });

  test('another workspace sees none of it; only admins change flows; bad input is refused', async () => {
    assert.equal((await team.outsider.get(`/api/flows/${flowId}`)).statusCode, 404);
    assert.equal((await team.outsider.get(`/api/flows/${flowId}/funnel`)).statusCode, 404);
    assert.equal((await team.outsider.get(`/api/flows/${flowId}/stuck`)).statusCode, 404);
    assert.equal((await team.outsider.get(`/api/accounts/${accountId}/flows`)).statusCode, 404);
    assert.deepEqual((await team.outsider.get('/api/flows')).json().data, []);
    assert.equal((await team.outsider.patch(`/api/flows/${flowId}`, { name: 'Taken over' })).statusCode, 404);
    for (const caller of [team.leader, team.csm, team.viewer]) {
      assert.equal((await caller.post('/api/flows', { ...CHECKOUT, name: 'Mine' })).statusCode, 403);
      assert.equal((await caller.patch(`/api/flows/${flowId}`, { isActive: false })).statusCode, 403);
      assert.equal((await caller.delete(`/api/flows/${flowId}`)).statusCode, 403);
    }
    const bad = [
      { ...CHECKOUT, name: 'One step', steps: [CHECKOUT.steps[0]] },
      { ...CHECKOUT, name: 'Twice', steps: [CHECKOUT.steps[0], CHECKOUT.steps[0]] },
      { ...CHECKOUT, name: 'Always failing', steps: [CHECKOUT.steps[0], { key: 'x', name: 'X', event: 'x', failure: {} }] },
      { ...CHECKOUT, name: 'Unknown field', colour: 'red' },
    ];
    const count = (await team.admin.get('/api/flows')).json().data.length;
    for (const body of bad) {
      const response = await team.admin.post('/api/flows', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(response.json().detail, 'a detail says what is wrong');
    }
    const clash = await team.admin.post('/api/flows', { ...CHECKOUT, name: CHECKOUT.name.toUpperCase() });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.json().detail, /already exists/);
    assert.equal((await team.admin.get('/api/flows')).json().data.length, count);
    const backwards = await team.viewer.get(`/api/flows/${flowId}/funnel?from=2026-03-05&to=2026-03-01`);
    assert.equal(backwards.statusCode, 400);
  });

  test('a flow created after the events reads its progress from them (rebuild job)', async () => {
    const user = `late-${message}`;
    await track([{ userId: user, event: 'signed_up' }, { userId: user, event: 'address_entered', properties: { error: 'a' } }, { userId: user, event: 'address_entered', properties: { error: 'b' } }]);
    const created = await team.admin.post('/api/flows', { ...CHECKOUT, name: `Later ${ns}` });
    const laterId = created.json().id as string;
    await runJobs();
    const stuck = (await team.viewer.get(`/api/flows/${laterId}/stuck`)).json().data;
    assert.deepEqual(stuck.map((row: { userKey: string; reason: string }) => [row.userKey, row.reason]), [[user, 'failed']]);
    // Changing the steps reads them again; the user still stuck at the same step raises no second signal.
    const before = (await stuckSignals()).length;
    const changed = await team.admin.patch(`/api/flows/${laterId}`, { steps: CHECKOUT.steps.map((step) => ({ ...step, name: `${step.name}!` })) });
    assert.equal(changed.statusCode, 200, changed.body);
    await runJobs();
    assert.equal((await stuckSignals()).length, before);
    assert.equal((await team.admin.delete(`/api/flows/${laterId}`)).statusCode, 204);
  });
});
