import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { parse } from 'yaml';
import { createAccount } from '../accounts/index.js';
import { deleteBlueprint, listBlueprints } from '../blueprints/index.js';
import type { Actor } from '../access/index.js';
import { createUserInWorkspace, systemActor } from '../auth/index.js';
import { createTestClock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspaceWithDefaults } from '../setup/index.js';
import { deleteTeam, listTeams, updateTeam } from '../teams/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { applyWorkspaceConfig, CONFIG_SECTIONS, exportWorkspaceConfig } from './index.js';
import { refusal } from './testing/refusal.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the tests edit exported documents as plain data */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const clock = createTestClock(new Date('2026-12-01T10:00:00Z'));

const bigAccounts = { name: 'Big accounts', engagementModel: 'high_touch', rules: { match: 'all', conditions: [{ field: 'employeeCount', op: 'gte', value: 1000 }] } };
const onboardingFlow = {
  name: 'Setup',
  isActive: true,
  steps: [
    { key: 'signup', name: 'Signed up', event: 'signed_up' },
    { key: 'invite', name: 'Invited a colleague', event: 'invited', idleMinutes: 60 },
  ],
};
const onboardingBlueprint = {
  name: 'Onboarding',
  stageKey: 'adoption',
  description: 'Kickoff to first value',
  steps: [
    { lane: 'customer', column: 0, title: 'Attends the kickoff', detail: '', ownerTeam: null, target: null, momentKinds: [] },
    { lane: 'frontstage', column: 0, title: 'Kickoff call', detail: '', ownerTeam: 'Onboarding', target: { amount: 5, unit: 'days' }, momentKinds: ['meeting'] },
  ],
};
const welcomePlaybook = (segment: string, email: string) => ({
  name: 'Welcome big accounts',
  enabled: true,
  trigger: { kind: 'segment_entered', segment },
  steps: [{ type: 'create_task', title: 'Call {{account.name}}', owner: { kind: 'user', email }, dueInDays: 2 }],
  outcomes: [{ kind: 'retained' }],
});

/** Each section of configuration as code: names not ids, one transaction, diffs, prune, round trip. */
describe('configuration as code: segments, teams, journey, hand-offs, blueprints, playbooks, flows', () => {
  let handle: TestDatabase;
  let db: Kysely<Database>;
  let acme: Actor;
  let globex: Actor;
  const olga = 'olga@acme.example';

  const exported = async (actor: Actor = acme) => parse(await exportWorkspaceConfig(db, actor, { format: 'yaml', clock })) as any;
  const apply = (document: Record<string, unknown>, options: { dryRun?: boolean; actor?: Actor } = {}) =>
    applyWorkspaceConfig(db, options.actor ?? acme, JSON.stringify({ boomerang: 1, ...document }), { clock, sourceName: 'acme.yaml', dryRun: options.dryRun ?? false });
  const audits = async (entityType: string) =>
    (await db.selectFrom('audit_log').select('action').where('workspace_id', '=', acme.workspaceId).where('entity_type', '=', entityType).orderBy('id').execute()).map((row) => row.action);
  const names = (section: { items: { name: string }[] }) => section.items.map((item) => item.name);

  before(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    const workspace = await createWorkspaceWithDefaults(db, 'Acme CS', clock);
    acme = systemActor(workspace.id);
    globex = systemActor((await createWorkspace(db, 'Globex CS')).id);
    for (const [email, role] of [['ada@acme.example', 'admin'], [olga, 'csm']] as const) {
      await createUserInWorkspace(db, acme, { email, name: email.split('@')[0]!, password: 'correct horse battery', workspaceId: workspace.id, role });
    }
    await createAccount(db, acme, { name: 'Big Co', employeeCount: 5000 });
    await createAccount(db, acme, { name: 'Small Co', employeeCount: 20 });
  });
  after(() => handle.close());

  test('segments: created, changed and pruned through the segments module, with a diff per value', async () => {
    const dryRun = await apply({ segments: { items: [bigAccounts] } }, { dryRun: true });
    assert.deepEqual(dryRun.sections.segments, { outcome: 'changed', changes: [`segments["Big accounts"]: added ${JSON.stringify({ engagementModel: 'high_touch', rules: bigAccounts.rules }).slice(0, 57)}…`] });
    assert.deepEqual(names((await exported()).segments), [], 'a dry run saves nothing');

    await apply({ segments: { items: [bigAccounts, { ...bigAccounts, name: 'Tech touch', engagementModel: 'tech_touch' }] } });
    // The module evaluated membership and told the rest of the system: Big Co (5000 employees ≥ 1000) entered both, Small Co (20) neither.
    const entered = await db.selectFrom('domain_events').select('type').where('workspace_id', '=', acme.workspaceId).where('type', '=', 'segment.entered').execute();
    assert.equal(entered.length, 2);
    assert.deepEqual(await audits('segment'), ['create', 'create']);

    const document = await exported();
    assert.deepEqual(document.segments, { prune: false, items: [bigAccounts, { ...bigAccounts, name: 'Tech touch', engagementModel: 'tech_touch' }] });
    assert.equal((await apply({ segments: document.segments })).sections.segments!.outcome, 'unchanged', 'export → apply changes nothing');

    document.segments.items[0].rules.conditions[0].value = 3000;
    document.segments.items.pop();
    const changed = await apply({ segments: document.segments });
    assert.deepEqual(changed.sections.segments!.changes, ['segments["Big accounts"].rules.conditions[0].value: 1000 → 3000']);
    assert.deepEqual(names((await exported()).segments), ['Big accounts', 'Tech touch'], 'left out without prune: left alone');

    const pruned = await apply({ segments: { ...document.segments, prune: true } });
    assert.deepEqual(pruned.sections.segments!.changes, [`segments["Tech touch"]: removed (was ${JSON.stringify({ engagementModel: 'tech_touch', rules: bigAccounts.rules }).slice(0, 57)}…)`]);
    assert.deepEqual(names((await exported()).segments), ['Big accounts']);
    assert.deepEqual(await audits('segment'), ['create', 'create', 'update', 'delete']);
    assert.deepEqual(names((await exported(globex)).segments), [], 'another workspace is untouched');

    const bad = await refusal(() => apply({ segments: { items: [bigAccounts, { ...bigAccounts, rules: { match: 'all', conditions: [{ field: 'employeeCount', op: 'contains', value: 'x' }] } }] } }));
    assert.match(bad.detail, /^acme\.yaml: section "segments": Each segment may appear once/);
    assert.deepEqual(bad.issues, [{ path: 'segments.items.1.name', message: '"Big accounts" is named twice (also items.0)' }]);
    const rules = await refusal(() => apply({ segments: { items: [{ ...bigAccounts, rules: { match: 'all', conditions: [{ field: 'employeeCount', op: 'contains', value: 'x' }] } }] } }));
    assert.match(rules.detail, /^acme\.yaml: section "segments": segment "Big accounts": The segment rules are not valid/);
    assert.ok(rules.issues!.every((issue) => issue.path.startsWith('segments.items.0.')), JSON.stringify(rules.issues));
  });

  test('teams and hand-off rules: people by email, teams by name; a team and the rule naming it go in one file, and are pruned in the right order', async () => {
    const document = await exported();
    assert.ok(names(document.teams).includes('Customer Success'), 'the default teams are exported');
    assert.ok(document.handoffs.items.length > 0, 'the default rules are exported');
    const rule = document.handoffs.items[0];
    assert.equal(typeof rule.from, 'string');
    assert.doesNotMatch(JSON.stringify(document.handoffs), UUID);

    const renewals = { name: 'Renewals', lead: olga, members: [] };
    const renewalRule = { ...rule, name: 'CS to Renewals', from: 'Customer Success', to: 'Renewals' };
    const report = await apply({ teams: { items: [renewals] }, handoffs: { items: [renewalRule] } });
    assert.deepEqual(report.sections.teams!.changes, [`teams.Renewals: added {"lead":"${olga}","members":["${olga}"]}`]);
    assert.deepEqual(report.sections.handoffs!.changes.length, 1);
    assert.match(report.sections.handoffs!.changes[0]!, /^handoffs\["CS to Renewals"\]: added /);
    assert.deepEqual(await audits('team'), ['create']);
    assert.deepEqual(await audits('handoff_rule'), ['create']);

    const again = await exported();
    assert.deepEqual(
      again.teams.items.find((team: { name: string }) => team.name === 'Renewals'),
      { name: 'Renewals', lead: olga, members: [olga] },
    );
    const roundTrip = await apply({ teams: again.teams, handoffs: again.handoffs });
    assert.equal(roundTrip.sections.teams!.outcome, 'unchanged');
    assert.equal(roundTrip.sections.handoffs!.outcome, 'unchanged');

    const unknown = await refusal(() => apply({ teams: { items: [{ ...renewals, lead: 'nobody@acme.example' }] }, handoffs: { items: [{ ...renewalRule, to: 'Renewalz' }] } }));
    assert.deepEqual(unknown.issues, [{ path: 'teams.items.0.lead', message: 'no member of this workspace has this email (nobody@acme.example)' }]);
    const team = await refusal(() => apply({ handoffs: { items: [{ ...renewalRule, to: 'Renewalz' }] } }));
    assert.deepEqual(team.issues, [{ path: 'handoffs.items.0.to', message: 'no team of this workspace is named "Renewalz"' }]);

    // Prune both: the rule goes before the team it names (the teams module refuses a team still named by a rule).
    const keepTeams = again.teams.items.filter((t: { name: string }) => t.name !== 'Renewals');
    const keepRules = again.handoffs.items.filter((r: { name: string }) => r.name !== 'CS to Renewals');
    const pruned = await apply({ teams: { prune: true, items: keepTeams }, handoffs: { prune: true, items: keepRules } });
    assert.deepEqual(pruned.sections.teams!.changes, [`teams.Renewals: removed (was {"lead":"${olga}","members":["${olga}"]})`]);
    assert.equal(pruned.sections.handoffs!.changes.length, 1);
    assert.deepEqual(await audits('team'), ['create', 'delete']);
    assert.deepEqual(await audits('handoff_rule'), ['create', 'delete']);
  });

  test('a segment’s pool is a team by name: a new team and the segment it pools go in one file, round trip unchanged', async () => {
    const pod = { name: 'Mid-market pod', members: [olga] };
    const pooled = { ...bigAccounts, name: 'Mid-market', engagementModel: 'low_touch', pool: 'Mid-market pod' };
    const report = await apply({ teams: { items: [pod] }, segments: { items: [pooled] } });
    assert.equal(report.sections.teams!.outcome, 'changed');
    assert.equal(report.sections.segments!.outcome, 'changed');

    const document = await exported();
    const written = document.segments.items.find((item: { name: string }) => item.name === 'Mid-market');
    assert.deepEqual(written, pooled);
    const roundTrip = await apply({ teams: document.teams, segments: document.segments });
    assert.equal(roundTrip.sections.segments!.outcome, 'unchanged', 'export → apply changes nothing');

    written.pool = 'customer success';
    const moved = await apply({ segments: document.segments });
    assert.deepEqual(moved.sections.segments!.changes, ['segments.Mid-market.pool: "Mid-market pod" → "Customer Success"']);

    const unknown = await refusal(() => apply({ segments: { items: [{ ...pooled, pool: 'Nobody pod' }] } }));
    assert.deepEqual(unknown.issues, [{ path: 'segments.items.0.pool', message: 'no team is named "Nobody pod"' }]);
    assert.equal((await exported()).segments.items.find((item: { name: string }) => item.name === 'Mid-market').pool, 'Customer Success', 'a refused file changes nothing');
  });

  test('journey: stages by key; a stage left out is refused without prune, removed with it', async () => {
    const document = await exported();
    assert.equal(document.journey.prune, false);
    const keys = document.journey.stages.map((stage: { key: string }) => stage.key);
    assert.ok(keys.includes('adoption') && keys.includes('advocacy'));

    const adoption = document.journey.stages.find((stage: { key: string }) => stage.key === 'adoption');
    const before = adoption.expectedDays as number;
    adoption.expectedDays = before + 10;
    const changed = await apply({ journey: document.journey });
    assert.deepEqual(changed.sections.journey, { outcome: 'changed', changes: [`journey.adoption.expectedDays: ${before} → ${before + 10}`] });
    assert.deepEqual(await audits('journey'), ['update']);
    assert.equal((await apply({ journey: (await exported()).journey })).sections.journey!.outcome, 'unchanged');

    const without = { stages: document.journey.stages.filter((stage: { key: string }) => stage.key !== 'advocacy') };
    const refused = await refusal(() => apply({ journey: without }));
    assert.match(refused.detail, /Stages in force are missing from the file: advocacy\. Add them back, or set `prune: true`/);
    assert.deepEqual(refused.issues, [{ path: 'journey.stages', message: 'stage "advocacy" (Advocacy) is missing' }]);

    const pruned = await apply({ journey: { ...without, prune: true } });
    assert.ok(pruned.sections.journey!.changes.some((line) => line.startsWith('journey.advocacy: removed')), JSON.stringify(pruned.sections.journey));
    assert.ok(!(await exported()).journey.stages.some((stage: { key: string }) => stage.key === 'advocacy'));

    const bad = await refusal(() => apply({ journey: { stages: [{ key: 'Bad Key', name: 'x' }] } }));
    assert.equal(bad.issues![0]!.path, 'journey.stages.0.key');
  });

  test('playbooks: segments by name and owners by email; a segment and the playbook entering from it go in one file', async () => {
    const segment = { ...bigAccounts, name: 'Enterprise', rules: { match: 'all', conditions: [{ field: 'employeeCount', op: 'gte', value: 2000 }] } };
    const playbook = welcomePlaybook('Enterprise', olga);
    const report = await apply({ segments: { items: [segment] }, playbooks: { items: [playbook] } });
    assert.equal(report.sections.segments!.outcome, 'changed');
    assert.match(report.sections.playbooks!.changes[0]!, /^playbooks\["Welcome big accounts"\]: added /);

    const document = await exported();
    const written = document.playbooks.items[0];
    assert.deepEqual(written.trigger, { kind: 'segment_entered', segment: 'Enterprise' });
    assert.deepEqual(written.steps[0].owner, { kind: 'user', email: olga });
    assert.equal(written.enabled, true);
    assert.doesNotMatch(JSON.stringify(document.playbooks), UUID);

    const versions = async () => (await db.selectFrom('playbook_versions').select('version').where('workspace_id', '=', acme.workspaceId).execute()).length;
    assert.equal(await versions(), 1);
    assert.equal((await apply({ playbooks: document.playbooks })).sections.playbooks!.outcome, 'unchanged');
    assert.equal(await versions(), 1, 'no new version for the same definition');

    written.holdoutPercent = 10;
    const changed = await apply({ playbooks: document.playbooks });
    assert.deepEqual(changed.sections.playbooks!.changes, ['playbooks["Welcome big accounts"].holdoutPercent: 0 → 10']);
    assert.equal(await versions(), 2, 'a change is a new version, through the playbooks module');

    // The outcomes a playbook is judged on travel with it; defaults filled in at save come back out.
    assert.deepEqual(written.outcomes, [{ kind: 'retained' }]);
    written.outcomes = [{ kind: 'usage_change' }, { kind: 'no_churn_within', days: 60 }];
    assert.equal((await apply({ playbooks: document.playbooks })).sections.playbooks!.outcome, 'changed');
    const judged = await exported();
    assert.deepEqual(judged.playbooks.items[0].outcomes, [{ kind: 'usage_change', measure: 'active_users' }, { kind: 'no_churn_within', days: 60 }]);
    assert.equal((await apply({ playbooks: judged.playbooks })).sections.playbooks!.outcome, 'unchanged');
    const twice = await refusal(() => apply({ playbooks: { items: [{ ...playbook, outcomes: [{ kind: 'retained' }, { kind: 'retained' }] }] } }));
    assert.deepEqual(twice.issues, [{ path: 'playbooks.items.0.outcomes.1', message: 'retained is named twice' }]);

    const unknown = await refusal(() => apply({ playbooks: { items: [welcomePlaybook('Enterprize', 'nobody@acme.example')] } }));
    assert.match(unknown.detail, /^acme\.yaml: section "playbooks": /);
    assert.deepEqual(unknown.issues, [
      { path: 'playbooks.items.0.trigger.segment', message: 'no segment of this workspace is named "Enterprize"' },
      { path: 'playbooks.items.0.steps.0.owner.email', message: 'no member of this workspace has this email (nobody@acme.example)' },
    ]);
    const schema = await refusal(() => apply({ playbooks: { items: [{ ...playbook, steps: [] }] } }));
    assert.equal(schema.issues![0]!.path, 'playbooks.items.0.steps');

    const pruned = await apply({ playbooks: { prune: true, items: [] } });
    assert.deepEqual(pruned.sections.playbooks!.changes.length, 1);
    assert.deepEqual(await audits('playbook'), ['create', 'update', 'update', 'delete']);
  });

  test('flows: saved through the flows module (which queues the rebuild); round trip and prune', async () => {
    const report = await apply({ flows: { items: [onboardingFlow] } });
    assert.equal(report.sections.flows!.outcome, 'changed');
    const rebuilds = await db.selectFrom('jobs').select('type').where('workspace_id', '=', acme.workspaceId).where('type', '=', 'flows.rebuild').execute();
    assert.equal(rebuilds.length, 1);
    const document = await exported();
    assert.deepEqual(document.flows, { prune: false, items: [onboardingFlow] });
    assert.equal((await apply({ flows: document.flows })).sections.flows!.outcome, 'unchanged');

    document.flows.items[0].steps[1].idleMinutes = 90;
    assert.deepEqual((await apply({ flows: document.flows }, { dryRun: true })).sections.flows!.changes, ['flows.Setup.steps[1].idleMinutes: 60 → 90']);
    const bad = await refusal(() => apply({ flows: { items: [{ ...onboardingFlow, steps: [onboardingFlow.steps[0]] }] } }));
    assert.equal(bad.issues![0]!.path, 'flows.items.0.steps');
    assert.equal((await apply({ flows: { prune: true, items: [] } })).sections.flows!.outcome, 'changed');
    assert.deepEqual(await audits('flow'), ['create', 'delete']);
  });

  test('blueprints: owner teams by name, saved through the blueprints module; a step keeps its id; round trip and prune', async () => {
    const dryRun = await apply({ blueprints: { items: [onboardingBlueprint] } }, { dryRun: true });
    assert.match(dryRun.sections.blueprints!.changes[0]!, /^blueprints\.Onboarding: added /);
    assert.deepEqual(names((await exported()).blueprints), [], 'a dry run saves nothing');

    assert.equal((await apply({ blueprints: { items: [onboardingBlueprint] } })).sections.blueprints!.outcome, 'changed');
    assert.deepEqual(await audits('blueprint'), ['create']);
    const document = await exported();
    assert.deepEqual(document.blueprints, { prune: false, items: [onboardingBlueprint] });
    assert.equal((await apply({ blueprints: document.blueprints })).sections.blueprints!.outcome, 'unchanged', 'export → apply changes nothing');
    assert.deepEqual(await audits('blueprint'), ['create']);

    const stepIds = async () => (await db.selectFrom('blueprint_steps').select(['id', 'title']).where('workspace_id', '=', acme.workspaceId).orderBy('title').execute()).map((row) => row.id);
    const idsBefore = await stepIds();
    document.blueprints.items[0].steps[1].target.amount = 7;
    const changed = await apply({ blueprints: document.blueprints });
    assert.deepEqual(changed.sections.blueprints!.changes, ['blueprints.Onboarding.steps[1].target.amount: 5 → 7']);
    assert.deepEqual(await stepIds(), idsBefore, 'steps in the same lane and column keep their ids (and their moments)');

    const unknown = await refusal(() => apply({ blueprints: { items: [{ ...onboardingBlueprint, steps: [{ ...onboardingBlueprint.steps[1], ownerTeam: 'Onboardng' }] }] } }));
    assert.deepEqual(unknown.issues, [{ path: 'blueprints.items.0.steps.0.ownerTeam', message: 'no team of this workspace is named "Onboardng"' }]);
    const stage = await refusal(() => apply({ blueprints: { items: [{ ...onboardingBlueprint, stageKey: 'nowhere' }] } }));
    assert.match(stage.detail, /^acme\.yaml: section "blueprints": blueprint "Onboarding": The blueprint cannot be saved/);
    assert.equal(stage.issues![0]!.path, 'blueprints.items.0.stageKey');

    assert.equal((await apply({ blueprints: { prune: true, items: [] } })).sections.blueprints!.outcome, 'changed');
    assert.deepEqual(await audits('blueprint'), ['create', 'update', 'delete']);
  });

  test('blueprints follow their owner team: a renamed team exports by its new name and applies back; a team owning steps is deleted only once its steps let go', async () => {
    const goLive = { ...onboardingBlueprint, name: 'Go-live', steps: [onboardingBlueprint.steps[0], { ...onboardingBlueprint.steps[1], ownerTeam: 'Implementation' }] };
    await apply({ teams: { items: [{ name: 'Implementation', lead: olga, members: [] }] }, blueprints: { items: [goLive] } });
    const implementation = (await listTeams(db, acme)).find((team) => team.name === 'Implementation')!;

    await updateTeam(db, acme, implementation.id, { name: 'Delivery' }, clock.now());
    const renamed = await exported();
    const goLiveOf = (document: any) => document.blueprints.items.find((b: { name: string }) => b.name === 'Go-live');
    assert.equal(goLiveOf(renamed).steps[1].ownerTeam, 'Delivery', 'the step follows its team');
    const roundTrip = await apply({ teams: renamed.teams, blueprints: renamed.blueprints });
    assert.deepEqual([roundTrip.sections.teams!.outcome, roundTrip.sections.blueprints!.outcome], ['unchanged', 'unchanged']);

    const refused = await refusal(() => deleteTeam(db, acme, implementation.id));
    assert.deepEqual([refused.code, refused.message], ['conflict', 'Team "Delivery" owns steps of service blueprints; give those steps another owner team (or none) first.']);
    assert.equal(goLiveOf(await exported()).steps[1].ownerTeam, 'Delivery', 'nothing changed');

    // One file lets the step go and prunes the team: the blueprint is saved before the team is deleted.
    const unowned = { ...goLive, steps: [goLive.steps[0], { ...goLive.steps[1], ownerTeam: null }] };
    const teams = renamed.teams.items.filter((team: { name: string }) => team.name !== 'Delivery');
    const pruned = await apply({ teams: { prune: true, items: teams }, blueprints: { items: [unowned] } });
    assert.deepEqual(pruned.sections.teams!.changes, [`teams.Delivery: removed (was {"lead":"${olga}","members":["${olga}"]})`]);
    const after = await exported();
    assert.deepEqual(goLiveOf(after), unowned);
    assert.equal((await apply({ teams: after.teams, blueprints: after.blueprints })).sections.blueprints!.outcome, 'unchanged', 'export → apply round-trips');
    await deleteBlueprint(db, acme, (await listBlueprints(db, acme)).data.find((b) => b.name === 'Go-live')!.id);
  });

  test('every section round-trips at once, names no ids, and one bad section changes nothing', async () => {
    await apply({
      segments: { items: [bigAccounts] },
      blueprints: { items: [onboardingBlueprint] },
      playbooks: { items: [welcomePlaybook('Big accounts', olga)] },
      flows: { items: [onboardingFlow] },
    });
    const text = await exportWorkspaceConfig(db, acme, { format: 'yaml', workspaceName: 'Acme CS', clock });
    assert.doesNotMatch(text, UUID);
    const report = await applyWorkspaceConfig(db, acme, text, { clock });
    assert.ok(Object.values(report.sections).every((section) => section.outcome === 'unchanged'), JSON.stringify(report));
    assert.equal(Object.keys(report.sections).length, CONFIG_SECTIONS.length, 'every section is in the export');

    const document = parse(text);
    document.segments.items[0].engagementModel = 'low_touch';
    document.flows.items[0].steps = [];
    const auditsBefore = await db.selectFrom('audit_log').select('id').where('workspace_id', '=', acme.workspaceId).execute();
    await refusal(() => applyWorkspaceConfig(db, acme, JSON.stringify(document), { clock }));
    assert.equal((await exported()).segments.items[0].engagementModel, 'high_touch', 'the segment change was rolled back with the bad flow');
    assert.equal((await db.selectFrom('audit_log').select('id').where('workspace_id', '=', acme.workspaceId).execute()).length, auditsBefore.length);
  });

  test('role checks stay the modules’: a leader may change segments but not the journey, which admins change', async () => {
    const leader: Actor = { ...acme, role: 'leader' };
    const document = await exported();
    assert.equal((await apply({ segments: document.segments, journey: document.journey }, { actor: leader })).sections.journey!.outcome, 'unchanged');
    document.journey.stages[0].expectedDays = 31;
    assert.equal((await refusal(() => apply({ journey: document.journey }, { actor: leader }))).code, 'forbidden');
    document.segments.items[0].engagementModel = 'tech_touch';
    assert.equal((await apply({ segments: document.segments }, { actor: leader })).sections.segments!.outcome, 'changed');
  });
});
