import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

// Ahead of the real clock (accounts date their stage change by it), so moments recorded "now" fall after it.
const now = new Date(Date.now() + 3 * 86_400_000);

const ONBOARDING = {
  name: 'Onboarding',
  stageKey: 'adoption',
  steps: [
    { lane: 'customer', column: 0, title: 'Joins the kickoff', momentKinds: ['meeting'] },
    { lane: 'frontstage', column: 0, title: 'CSM runs the kickoff', ownerTeam: 'customer_success', target: { amount: 14, unit: 'days' } },
    { lane: 'customer', column: 1, title: 'Connects data', momentKinds: ['onboarding_step'] },
  ],
};

describe('blueprints API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let id: string;
  let accountId: string;

  before(async () => {
    t = await startApiTest({ now: () => now });
    ({ admin, leader, csm, viewer, outsider } = await t.team());
    accountId = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId, lifecycleStage: 'Adoption' })).json().id;
  });
  after(() => t.close());

  test('a leader creates a blueprint; everyone in the workspace reads its steps, lanes, lines and layout', async () => {
    const created = await leader.post('/api/blueprints', ONBOARDING);
    assert.equal(created.statusCode, 201, created.body);
    id = created.json().blueprint.id;
    const view = (await viewer.get(`/api/blueprints/${id}`)).json();
    assert.equal(view.blueprint.stageName, 'Adoption');
    assert.deepEqual(view.blueprint.steps.map((s: { lane: string; column: number }) => `${s.lane}@${s.column}`).sort(), ['customer@0', 'customer@1', 'frontstage@0']);
    assert.deepEqual(view.layout.lines.map((l: { label: string }) => l.label), ['Line of interaction', 'Line of visibility', 'Line of internal interaction']);
    assert.equal(view.layout.steps.length, 3);
    assert.equal(view.layout.connectors.length, 2, 'customer path 0 → 1, and kickoff customer → front stage');
    const list = (await viewer.get('/api/blueprints')).json().data;
    assert.deepEqual(list.map((b: { name: string; steps: number; stageName: string }) => [b.name, b.steps, b.stageName]), [['Onboarding', 3, 'Adoption']]);
  });

  test('moments of truth are linked to the step of their kind, in the blueprint’s stage', async () => {
    const record = async (kind: string, outcome: string) => {
      const response = await csm.post(`/api/accounts/${accountId}/moments`, { kind, title: `${kind} ${outcome}`, outcome, occurredAt: now.toISOString() });
      assert.equal(response.statusCode, 201, response.body);
    };
    await record('meeting', 'positive');
    await record('meeting', 'negative');
    await record('onboarding_step', 'negative');
    await record('invoice', 'negative');
    // In another stage: not at this blueprint's steps.
    await csm.post(`/api/accounts/${accountId}/moments`, { kind: 'meeting', title: 'Trial meeting', outcome: 'positive', stage: 'Trial', occurredAt: now.toISOString() });
    const view = (await viewer.get(`/api/blueprints/${id}`)).json();
    const byTitle = (title: string) => view.blueprint.steps.find((s: { title: string }) => s.title === title).id as string;
    const counts = Object.fromEntries(view.moments.map((m: { stepId: string; total: number; negative: number }) => [m.stepId, [m.total, m.negative]]));
    assert.deepEqual(counts[byTitle('Joins the kickoff')], [2, 1]);
    assert.deepEqual(counts[byTitle('Connects data')], [1, 1]);
    assert.deepEqual(counts[byTitle('CSM runs the kickoff')], [0, 0]);
    const listed = (await viewer.get(`/api/blueprints/${id}/moments?stepId=${byTitle('Joins the kickoff')}`)).json().data;
    assert.deepEqual(listed.map((m: { title: string; accountName: string }) => `${m.title} @ ${m.accountName}`).sort(), ['meeting negative @ Initech', 'meeting positive @ Initech']);
  });

  test('a step keeps its id when edited; a new step shows in the layout', async () => {
    const before = (await leader.get(`/api/blueprints/${id}`)).json().blueprint;
    const steps = before.steps.map(({ id: stepId, lane, column, title, momentKinds, ownerTeam, target }: Record<string, unknown>) => ({ id: stepId, lane, column, title, momentKinds, ownerTeam, target }));
    const updated = await admin.put(`/api/blueprints/${id}`, { ...ONBOARDING, steps: [...steps, { lane: 'backstage', column: 1, title: 'Data checked' }] });
    assert.equal(updated.statusCode, 200, updated.body);
    const view = updated.json();
    assert.equal(view.blueprint.steps.length, 4);
    const kept = before.steps.map((s: { id: string }) => s.id).sort();
    assert.deepEqual(view.blueprint.steps.map((s: { id: string }) => s.id).filter((stepId: string) => kept.includes(stepId)).sort(), kept);
    const added = view.blueprint.steps.find((s: { title: string }) => s.title === 'Data checked');
    assert.ok(view.layout.steps.some((box: { stepId: string }) => box.stepId === added.id));
  });

  test('exports: SVG, Mermaid and JSON that creates the same blueprint again', async () => {
    const svg = await viewer.get(`/api/blueprints/${id}/export`);
    assert.equal(svg.statusCode, 200);
    assert.equal(svg.headers['content-type'], 'image/svg+xml; charset=utf-8');
    assert.equal(svg.headers['content-disposition'], 'attachment; filename="onboarding.svg"');
    assert.ok(svg.body.includes('Data checked'));
    const mermaid = await viewer.get(`/api/blueprints/${id}/export?format=mermaid`);
    assert.ok(mermaid.body.startsWith('flowchart TB\n'));
    const json = await viewer.get(`/api/blueprints/${id}/export?format=json`);
    const copy = await leader.post('/api/blueprints', { ...(json.json() as object), name: 'Onboarding copy' });
    assert.equal(copy.statusCode, 201, copy.body);
    assert.equal(copy.json().blueprint.steps.length, 4);
    assert.equal((await leader.delete(`/api/blueprints/${copy.json().blueprint.id}`)).statusCode, 204);
  });

  test('bad input is a problem naming the field, and changes nothing', async () => {
    const before = (await admin.get(`/api/blueprints/${id}`)).body;
    const clash = await leader.put(`/api/blueprints/${id}`, {
      ...ONBOARDING,
      stageKey: 'renewal',
      steps: [
        { lane: 'customer', column: 0, title: 'A' },
        { lane: 'customer', column: 0, title: 'B', ownerTeam: 'legal' },
      ],
    });
    assert.equal(clash.statusCode, 400);
    assert.equal(clash.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(clash.json().detail, /stageKey names no stage of the journey/);
    assert.match(clash.json().detail, /steps\.1\.column Customer actions already has step 1 \("A"\) at column 0/);
    assert.match(clash.json().detail, /steps\.1\.ownerTeam names no team/);
    const badLane = await leader.put(`/api/blueprints/${id}`, { ...ONBOARDING, steps: [{ lane: 'stage', column: 0, title: 'A' }] });
    assert.equal(badLane.statusCode, 400);
    const sameName = await leader.post('/api/blueprints', { name: 'onboarding' });
    assert.equal(sameName.statusCode, 409);
    assert.match(sameName.json().detail, /A blueprint named "Onboarding" exists already/);
    assert.equal((await admin.get(`/api/blueprints/${id}`)).body, before);
  });

  test('CSMs and viewers cannot edit; another workspace sees nothing and changes nothing', async () => {
    const before = (await admin.get(`/api/blueprints/${id}`)).body;
    for (const caller of [csm, viewer]) {
      assert.equal((await caller.post('/api/blueprints', { name: 'Mine' })).statusCode, 403);
      const put = await caller.put(`/api/blueprints/${id}`, ONBOARDING);
      assert.equal(put.statusCode, 403);
      assert.match(put.json().detail, /Only leaders and admins can edit service blueprints/);
      assert.equal((await caller.delete(`/api/blueprints/${id}`)).statusCode, 403);
    }
    assert.deepEqual((await outsider.get('/api/blueprints')).json().data, []);
    for (const response of [
      await outsider.get(`/api/blueprints/${id}`),
      await outsider.get(`/api/blueprints/${id}/moments`),
      await outsider.get(`/api/blueprints/${id}/export?format=json`),
      await outsider.put(`/api/blueprints/${id}`, ONBOARDING),
      await outsider.delete(`/api/blueprints/${id}`),
    ]) {
      assert.equal(response.statusCode, 404, response.body);
    }
    // Another workspace's moments never count at this workspace's steps.
    const theirAccount = (await outsider.post('/api/accounts', { name: 'Elsewhere Co', lifecycleStage: 'Adoption' })).json().id;
    assert.equal((await outsider.post(`/api/accounts/${theirAccount}/moments`, { kind: 'meeting', title: 'Theirs', outcome: 'negative', occurredAt: now.toISOString() })).statusCode, 201);
    assert.equal((await admin.get(`/api/blueprints/${id}`)).body, before);
  });
});
