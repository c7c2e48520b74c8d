import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { handoffsConsumer } from '../../handoffs/index.js';
import { DEFAULT_HEALTH_CONFIG } from '../../health/index.js';
import { createJobRunner, scheduleJob } from '../../jobs/index.js';
import { DEFAULT_JOURNEY } from '../../journeys/index.js';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

/**
 * The access rules, checked on every route the OpenAPI document lists — so a route added
 * later is covered without anyone remembering to: another workspace's objects answer 404
 * and stay unchanged, a viewer gets 403 on every write, and a CSM cannot change another
 * CSM's account or anything on it. A new write route must add an example body below.
 */

type Route = { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; path: string };

/**
 * Not workspace data behind a session or token: login itself, public health and startup status, signed webhooks,
 * /v1 write keys, and a person's own invitations (the link's token or the logged-in person is
 * the credential; invitations.routes.test.ts tries them from every side).
 */
const OUTSIDE_THE_RULES = [
  /^\/api\/auth\//,
  /^\/api\/health$/,
  /^\/api\/system\/status$/,
  /^\/api\/webhooks\/support\//,
  /^\/v1\//,
  /^\/api\/me\//,
  /^\/api\/invitations\/(accept|preview)$/,
  /^\/api\/outbound\/unsubscribe\//,
];

/**
 * A person's own things, which every role keeps (a viewer saves views too): another person's
 * answers 404, another workspace's too (checked below and in saved-views.routes.test.ts).
 */
const PERSONAL = /^\/api\/saved-views/;

const MATRIX_PLAYBOOK = {
  name: 'Matrix play',
  trigger: { kind: 'signal', signalKind: 'news' },
  steps: [{ type: 'create_task', title: 'Read the news about {{account.name}}' }],
};

/** A valid body for each write, so a refusal comes from the access rules and not from validation. */
function exampleBody(route: Route, ids: Ids, team: Team): unknown {
  const bodies: Record<string, unknown> = {
    'POST /api/invitations': { email: 'new.member@acme.example', name: 'New Member', role: 'admin' },
    'PATCH /api/users/{id}': { role: 'admin' },
    'POST /api/tokens': { name: 'CI', role: 'viewer' },
    'POST /api/custom-fields': { key: 'tier', label: 'Tier', type: 'text' },
    'POST /api/accounts': { name: 'Fresh Co', ownerId: team.otherCsm.userId },
    'PATCH /api/accounts/{id}': { segment: 'smb' },
    'POST /api/account-grants': { granteeId: team.csm.userId, accountId: ids.account },
    'POST /api/accounts/{id}/contacts': { name: 'Nora New' },
    'PATCH /api/contacts/{id}': { title: 'CFO' },
    'POST /api/accounts/{id}/subscriptions': {
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      items: [{ product: 'Platform', seats: 5, unitPrice: 100 }],
    },
    'PATCH /api/subscriptions/{id}': { autoRenew: false },
    'POST /api/accounts/{id}/notes': { body: 'A note' },
    'PATCH /api/notes/{id}': { body: 'Reworded' },
    'POST /api/accounts/{id}/interactions': { kind: 'call', occurredAt: '2026-01-05T10:00:00Z', subject: 'Renewal call' },
    'POST /api/accounts/{id}/tasks': { title: 'Call them' },
    'PATCH /api/tasks/{id}': { status: 'done' },
    'POST /api/tasks/{id}/complete': { outcome: 'Done and dusted' },
    'POST /api/tasks/{id}/snooze': { until: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) },
    'POST /api/tasks/{id}/reassign': { ownerId: team.leader.userId },
    'POST /api/webhooks/secrets': { kind: 'generic' },
    'POST /api/signals': { accountId: ids.account, type: 'news', title: 'Acquired a rival' },
    'PATCH /api/signals/{id}': { title: 'Reworded' },
    'POST /api/sources': { name: 'Second app' },
    'PATCH /api/sources/{id}': { kind: 'server' },
    'PUT /api/product-catalog': { catalog: { features: [{ key: 'reports', name: 'Reports', events: ['Report exported'] }] } },
    'POST /api/imports/{kind}/preview': { rows: [{ company: 'Imported Co' }], mapping: { name: 'company' } },
    'POST /api/imports/{kind}': { rows: [{ company: 'Imported Co' }], mapping: { name: 'company' } },
    'POST /api/jobs/{id}/retry': {},
    'PUT /api/exchange-rates': { rates: [{ currency: 'EUR', effectiveDate: '2026-01-01', rate: '1.08' }] },
    'PATCH /api/workspace/settings': { reportingCurrency: 'EUR' },
    'POST /api/saved-views': { name: 'Renewing soon', filters: { renewsWithin: 'next_90_days' } },
    'PATCH /api/saved-views/{id}': { name: 'Renamed' },
    'POST /api/accounts/{id}/health/override': { band: 'yellow', reason: 'Renewal call booked', expiresAt: '2099-01-01T00:00:00Z' },
    'PUT /api/health/scorecards': DEFAULT_HEALTH_CONFIG,
    'POST /api/health/scorecards/preview': DEFAULT_HEALTH_CONFIG,
    'POST /api/health/backtest': {},
    'POST /api/teams': { name: 'Finance' },
    'PATCH /api/teams/{id}': { name: 'Renamed' },
    'POST /api/handoffs/rules': {
      name: 'Urgent ticket → CSM call',
      senderTeamId: ids.team,
      receiverTeamId: ids.otherTeam,
      triggers: [{ event: 'ticket.opened' }],
      completion: [],
      clock: { amount: 4, unit: 'hours' },
      escalation: [],
    },
    'PATCH /api/handoffs/rules/{id}': { enabled: false },
    'POST /api/handoffs/{id}/accept': {},
    'POST /api/handoffs/{id}/complete': {},
    'POST /api/handoffs/{id}/reassign': { assigneeId: team.csm.userId },
    'POST /api/segments': { name: 'Big ones', engagementModel: 'high_touch', rules: { match: 'all', conditions: [{ field: 'arr', op: 'gte', value: 1 }] } },
    'PATCH /api/segments/{id}': { name: 'Renamed segment' },
    'POST /api/segments/preview': { rules: { match: 'all', conditions: [] } },
    'POST /api/playbooks': { definition: MATRIX_PLAYBOOK },
    'PUT /api/playbooks/{id}': { definition: { ...MATRIX_PLAYBOOK, holdoutPercent: 10 } },
    'POST /api/playbooks/{id}/enable': {},
    'POST /api/playbooks/{id}/disable': {},
    'POST /api/playbooks/{id}/dry-run': {},
    'POST /api/outbound/emails': { accountId: ids.account, contactId: ids.contact, subject: 'Hello', text: 'Checking in.' },
    'PUT /api/outbound/sender': { senderName: 'Forged', senderAddress: 'forged@acme.example' },
    'POST /api/outbound/signing-secret': {},
    'POST /api/outbound/webhooks/test': { url: 'https://hooks.example.test/x' },
    'POST /api/outbound/suppressions': { email: 'someone@guarded.example' },
    'PUT /api/journey': { stages: DEFAULT_JOURNEY.stages },
    'POST /api/accounts/{id}/journey/stage': { stage: 'Performance', reason: 'Adopted' },
    'PUT /api/accounts/{id}/goals': { goals: 'Go live', successCriteria: 'Half the seats active' },
    'PUT /api/accounts/{id}/journey/milestones/{milestoneId}': { done: true },
    'POST /api/accounts/{id}/moments': { kind: 'plan_review', title: 'Plan review', outcome: 'positive' },
    'PUT /api/experience/settings': { negativeWeight: 2, halfLifeDays: 60, knockOnMultiplier: 1.5, knockOnWindowDays: 30, scale: 4 },
    'POST /api/flows': FLOW_BODY,
    'PATCH /api/flows/{id}': { isActive: false },
    'POST /api/config/apply': { document: 'boomerang: 1\n' },
    'POST /api/blueprints': BLUEPRINT_BODY,
    'PUT /api/blueprints/{id}': { ...BLUEPRINT_BODY, name: 'Renamed blueprint' },
  };
  return bodies[`${route.method} ${route.path}`];
}

const BLUEPRINT_BODY = { name: 'Matrix blueprint', stageKey: 'adoption', steps: [{ lane: 'customer', column: 0, title: 'Joins the kickoff', momentKinds: ['meeting'] }] };

const FLOW_BODY = {
  name: 'Checkout',
  steps: [
    { key: 'signup', name: 'Signed up', event: 'signed_up' },
    { key: 'paid', name: 'Paid', event: 'payment_made', idleMinutes: 60 },
  ],
};

type Ids = Record<'segment' | 'team' | 'otherTeam' | 'handoffRule' | 'handoff' | 'account' | 'contact' | 'subscription' | 'note' | 'task' | 'signal' | 'source' | 'grant' | 'token' | 'secret' | 'job' | 'member' | 'invitation' | 'savedView' | 'playbook' | 'outboundMessage' | 'milestone' | 'flow' | 'blueprint', string>;

/** Which object an `{id}` in a path names, by the path's first segment. */
function fillPath(path: string, ids: Ids): string {
  const byPrefix: [RegExp, string][] = [
    [/^\/api\/accounts\//, ids.account],
    [/^\/api\/contacts\//, ids.contact],
    [/^\/api\/subscriptions\//, ids.subscription],
    [/^\/api\/notes\//, ids.note],
    [/^\/api\/tasks\//, ids.task],
    [/^\/api\/signals\//, ids.signal],
    [/^\/api\/sources\//, ids.source],
    [/^\/api\/account-grants\//, ids.grant],
    [/^\/api\/tokens\//, ids.token],
    [/^\/api\/webhooks\/secrets\//, ids.secret],
    [/^\/api\/jobs\//, ids.job],
    [/^\/api\/users\//, ids.member],
    [/^\/api\/invitations\//, ids.invitation],
    [/^\/api\/saved-views\//, ids.savedView],
    [/^\/api\/teams\//, ids.team],
    [/^\/api\/handoffs\/rules\//, ids.handoffRule],
    [/^\/api\/handoffs\//, ids.handoff],
    [/^\/api\/segments\//, ids.segment],
    [/^\/api\/playbooks\//, ids.playbook],
    [/^\/api\/outbound\/messages\//, ids.outboundMessage],
    [/^\/api\/flows\//, ids.flow],
    [/^\/api\/blueprints\//, ids.blueprint],
  ];
  const id = byPrefix.find(([prefix]) => prefix.test(path))?.[1];
  if (path.includes('{id}') && !id) throw new Error(`No test object for ${path}: add one to the access matrix`);
  return path
    .replace('{id}', id ?? '')
    .replace('{milestoneId}', ids.milestone)
    .replace('{kind}', 'accounts')
    .replace('{currency}', 'EUR')
    .replace('{email}', 'gina@guarded.example');
}

/** A job of the workspace that failed, so its retry route has something to refuse. */
async function failedJob(t: ApiTest, workspaceId: string): Promise<string> {
  await scheduleJob(t.handle.db, { type: 'matrix.fail', workspaceId, maxAttempts: 1 });
  await createJobRunner({ db: t.handle.db, handlers: [{ type: 'matrix.fail', run: () => Promise.reject(new Error('refused')) }] }).runDue();
  const job = await t.handle.db.selectFrom('jobs').select('id').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return job.id;
}

async function call(caller: Caller, route: Route, url: string, body: unknown) {
  if (route.method === 'GET') return caller.get(url);
  if (route.method === 'DELETE') return caller.delete(url);
  if (route.method === 'PUT') return caller.put(url, body);
  return route.method === 'POST' ? caller.post(url, body) : caller.patch(url, body);
}

/** A member's browser session (cookie + CSRF token, as the SPA sends them), logged in with the test password. */
async function sessionOf(t: ApiTest, caller: Caller, email: string): Promise<Caller> {
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'correct horse battery' } });
  assert.equal(login.statusCode, 200, login.body);
  const cookie = login.cookies.find((candidate) => candidate.name === 'boomerang_session')!.value;
  const headers = { cookie: `boomerang_session=${cookie}`, 'x-csrf-token': login.json().csrfToken as string };
  const send = (method: Route['method'], url: string, body?: unknown) =>
    t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    userId: caller.userId,
    token: '',
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    put: (url, body) => send('PUT', url, body ?? {}),
    delete: (url) => send('DELETE', url),
  };
}

describe('access rules on every route', () => {
  let t: ApiTest;
  let team: Team;
  let ids: Ids;
  let routes: Route[];
  /** Another workspace's admin, then a leader, CSM and viewer of a third. */
  let outsiders: Caller[];

  before(async () => {
    t = await startApiTest();
    team = await t.team();
    const { admin, leader, otherCsm } = team;
    const created = async (caller: Caller, url: string, body: unknown) => {
      const response = await caller.post(url, body);
      assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
      return response.json().id as string;
    };
    // Everything sits on an account in the other CSM's book.
    const account = await created(admin, '/api/accounts', { name: 'Guarded Co', ownerId: otherCsm.userId });
    // In Adoption, so it has milestones for the milestone route.
    assert.equal((await admin.patch(`/api/accounts/${account}`, { lifecycleStage: 'Adoption' })).statusCode, 200);
    const milestone = (await admin.get(`/api/accounts/${account}/journey`)).json().milestones[0].id as string;
    ids = {
      milestone,
      account,
      contact: await created(otherCsm, `/api/accounts/${account}/contacts`, { name: 'Gina Guard', email: 'gina@guarded.example' }),
      subscription: await created(otherCsm, `/api/accounts/${account}/subscriptions`, {
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        items: [{ product: 'Platform', seats: 10, unitPrice: 120 }],
      }),
      note: await created(otherCsm, `/api/accounts/${account}/notes`, { body: 'Kick-off went well' }),
      task: await created(otherCsm, `/api/accounts/${account}/tasks`, { title: 'Send the plan' }),
      signal: await created(otherCsm, '/api/signals', { accountId: account, type: 'news', title: 'New CFO' }),
      source: await created(admin, '/api/sources', { name: 'Web app' }),
      grant: await created(leader, '/api/account-grants', { granteeId: team.viewer.userId, accountId: account }),
      token: await created(admin, '/api/tokens', { name: 'Reporting', role: 'viewer' }),
      secret: await created(admin, '/api/webhooks/secrets', { kind: 'zendesk' }),
      job: await failedJob(t, team.workspace.id),
      member: otherCsm.userId,
      invitation: await created(admin, '/api/invitations', { email: 'invited@acme.example', name: 'Ivy Invited', role: 'csm' }),
      savedView: await created(otherCsm, '/api/saved-views', { name: 'My book', filters: { ownerId: 'me' } }),
      segment: await created(leader, '/api/segments', { name: 'Everyone', engagementModel: 'tech_touch', rules: { match: 'all', conditions: [] } }),
      playbook: await created(admin, '/api/playbooks', { definition: { ...MATRIX_PLAYBOOK, name: 'Guarded play' } }),
      outboundMessage: '',
      flow: await created(admin, '/api/flows', FLOW_BODY),
      blueprint: '',
    } as Ids;
    const blueprint = await leader.post('/api/blueprints', { ...BLUEPRINT_BODY, name: 'Guarded blueprint' });
    assert.equal(blueprint.statusCode, 201, blueprint.body);
    ids.blueprint = blueprint.json().blueprint.id as string;
    const email = await otherCsm.post('/api/outbound/emails', { accountId: account, contactId: ids.contact, subject: 'Kick-off', text: 'Welcome aboard.' });
    assert.equal(email.statusCode, 202, email.body);
    ids.outboundMessage = email.json().messageId as string;
    assert.equal((await admin.post('/api/outbound/suppressions', { email: 'gina@guarded.example' })).statusCode, 200);
    // A hand-off on the guarded account, started by moving it into Decision & Contract.
    const teams = (await admin.get('/api/teams')).json().data as { id: string; name: string }[];
    const goals = { goals: 'Cut onboarding time in half', successCriteria: 'New teams live within 30 days' };
    assert.equal((await admin.put(`/api/accounts/${account}/goals`, goals)).statusCode, 200);
    assert.equal((await admin.patch(`/api/accounts/${account}`, { lifecycleStage: 'Decision & Contract' })).statusCode, 200);
    await drainDomainEvents(t.handle.db, [handoffsConsumer]);
    ids.team = teams.find((row) => row.name === 'Support')!.id;
    ids.otherTeam = teams.find((row) => row.name === 'Customer Success')!.id;
    ids.handoffRule = (await admin.get('/api/handoffs/rules')).json().data[0].id;
    ids.handoff = (await admin.get(`/api/handoffs?accountId=${account}`)).json().data[0].id;
    const rates = await admin.put('/api/exchange-rates', { rates: [{ currency: 'GBP', effectiveDate: '2026-01-01', rate: '1.27' }] });
    assert.equal(rates.statusCode, 200, rates.body);
    const initech = await t.workspace('Initech CS');
    outsiders = [team.outsider];
    for (const role of ['leader', 'csm', 'viewer'] as const) outsiders.push(await t.caller(initech, role));
    const document = (await admin.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .map((method) => ({ method: method.toUpperCase() as Route['method'], path }))
        .filter((route) => !OUTSIDE_THE_RULES.some((pattern) => pattern.test(route.path))),
    );
  });
  after(() => t.close());

  /** What the workspace holds, as its admin reads it: must be the same before and after refused calls. */
  async function snapshot(): Promise<string> {
    const reads = [
      `/api/accounts/${ids.account}`,
      `/api/accounts/${ids.account}/contacts`,
      `/api/accounts/${ids.account}/subscriptions`,
      `/api/accounts/${ids.account}/notes`,
      `/api/accounts/${ids.account}/signals`,
      `/api/accounts/${ids.account}/timeline`,
      `/api/accounts/${ids.account}/journey`,
      '/api/journey',
      `/api/tasks/${ids.task}`,
      '/api/accounts?limit=200',
      '/api/sources',
      '/api/tokens',
      '/api/account-grants',
      '/api/webhooks/secrets',
      '/api/users',
      '/api/invitations',
      '/api/custom-fields',
      '/api/jobs',
      '/api/exchange-rates',
      '/api/workspace/settings',
      '/api/teams',
      '/api/handoffs/rules',
      `/api/handoffs/${ids.handoff}`,
      '/api/segments',
      '/api/playbooks',
      '/api/outbound/messages',
      '/api/outbound/settings',
      '/api/outbound/suppressions',
      `/api/accounts/${ids.account}/moments`,
      '/api/experience/settings',
      '/api/flows',
      '/api/blueprints',
      `/api/blueprints/${ids.blueprint}`,
      '/api/product-catalog',
      '/api/health/backtest',
    ];
    const bodies = await Promise.all(reads.map(async (url) => (await team.admin.get(url)).body));
    // Using a token stamps its lastUsedAt: that is the callers' own bookkeeping, not a change to the workspace.
    return bodies.join('\n').replace(/"lastUsedAt":(null|"[^"]*")/g, '"lastUsedAt":…');
  }

  test('the matrix covers the routes it should', () => {
    const writes = routes.filter((route) => route.method !== 'GET');
    assert.ok(routes.length >= 50, `found ${routes.length} routes`);
    for (const route of writes) {
      if (route.method === 'DELETE' || route.path === '/api/support/tickets/rematch') continue;
      assert.ok(exampleBody(route, ids, team) !== undefined, `add an example body for ${route.method} ${route.path}`);
    }
  });

  test('another workspace gets 404 for every object of this one, and changes nothing', async () => {
    const before = await snapshot();
    for (const route of routes.filter((candidate) => candidate.path.includes('{id}'))) {
      const response = await call(team.outsider, route, fillPath(route.path, ids), exampleBody(route, ids, team));
      assert.equal(response.statusCode, 404, `${route.method} ${route.path} as another workspace: ${response.body}`);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    // Other roles of another workspace: refused for their role (403, which says nothing about the object) or not found.
    for (const outsider of outsiders.slice(1)) {
      for (const route of routes.filter((candidate) => candidate.path.includes('{id}'))) {
        const response = await call(outsider, route, fillPath(route.path, ids), exampleBody(route, ids, team));
        assert.ok([403, 404].includes(response.statusCode), `${route.method} ${route.path} as another workspace's member: ${response.body}`);
      }
    }
    // Users and memberships: another workspace sees none of these members, and inviting one's email answers as for anyone.
    const members = (await team.admin.get('/api/users')).json().data as { id: string; email: string }[];
    for (const outsider of outsiders) {
      const theirs = (await outsider.get('/api/users')).json().data as { id: string }[];
      assert.ok(!theirs.some((member) => members.some((ours) => ours.id === member.id)), 'another workspace lists none of our members');
    }
    const invited = await team.outsider.post('/api/invitations', { email: members[0]!.email, name: 'Someone', role: 'admin' });
    assert.equal(invited.statusCode, 201);
    assert.deepEqual(Object.keys(invited.json()).sort(), ['createdAt', 'delivery', 'email', 'expiresAt', 'id', 'link', 'mailState', 'name', 'role', 'status']);
    assert.notEqual(invited.json().id, members[0]!.id);
    // Writes that name an object in the body instead of the path.
    const signal = await team.outsider.post('/api/signals', { accountId: ids.account, type: 'news', title: 'Forged' });
    assert.equal(signal.statusCode, 404);
    const grant = await team.outsider.post('/api/account-grants', { granteeId: team.outsider.userId, accountId: ids.account });
    assert.equal(grant.statusCode, 404);
    assert.equal(await snapshot(), before);
  });

  test('a viewer gets 403 on every write, and nothing changes', async () => {
    const before = await snapshot();
    for (const route of routes.filter((candidate) => candidate.method !== 'GET' && !PERSONAL.test(candidate.path))) {
      const response = await call(team.viewer, route, fillPath(route.path, ids), exampleBody(route, ids, team));
      assert.equal(response.statusCode, 403, `${route.method} ${route.path} as a viewer: ${response.body}`);
    }
    assert.equal(await snapshot(), before);
  });

  test('a CSM cannot change another CSM’s account or anything on it, nor workspace settings', async () => {
    const before = await snapshot();
    // What a CSM may do to things that are not another CSM's: create accounts (in its own book) and read.
    const allowed = new Set(['POST /api/accounts']);
    for (const route of routes.filter((candidate) => candidate.method !== 'GET')) {
      if (allowed.has(`${route.method} ${route.path}`) || PERSONAL.test(route.path)) continue;
      const response = await call(team.csm, route, fillPath(route.path, ids), exampleBody(route, ids, team));
      assert.equal(response.statusCode, 403, `${route.method} ${route.path} as a CSM outside its book: ${response.body}`);
    }
    assert.equal(await snapshot(), before);
  });

  describe('an admin viewing as a member (read-only)', () => {
    let emailOf: Map<string, string>;
    const session = (caller: Caller) => sessionOf(t, caller, emailOf.get(caller.userId)!);
    before(async () => {
      const members = (await team.admin.get('/api/users')).json().data as { id: string; email: string }[];
      emailOf = new Map(members.map((member) => [member.id, member.email]));
    });

    test('every write is refused with the reason, nothing changes, and reads answer as the member', async () => {
      const admin = await session(team.admin);
      const started = await admin.post('/api/auth/view-as', { userId: team.otherCsm.userId });
      assert.equal(started.statusCode, 200, started.body);
      assert.equal(started.json().user.id, team.otherCsm.userId);
      assert.equal(started.json().role, 'csm');
      assert.equal(started.json().viewedBy.id, team.admin.userId);
      const before = await snapshot();
      for (const route of routes.filter((candidate) => candidate.method !== 'GET')) {
        const response = await call(admin, route, fillPath(route.path, ids), exampleBody(route, ids, team));
        assert.equal(response.statusCode, 403, `${route.method} ${route.path} while viewing as: ${response.body}`);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.match(response.json().detail, /^Read-only while viewing as Csm \d+\./);
      }
      // Switching to someone else, or to an admin, is a write too: stop first.
      assert.equal((await admin.post('/api/auth/view-as', { userId: team.leader.userId })).statusCode, 403);
      assert.equal(await snapshot(), before);
      // Reads are the member's: their day, and admin-only reads refused as for them.
      assert.equal((await admin.get('/api/today')).json().owner.id, team.otherCsm.userId);
      assert.equal((await admin.get('/api/tokens')).statusCode, 403);
      const stopped = await admin.post('/api/auth/view-as/stop');
      assert.equal(stopped.statusCode, 200, stopped.body);
      assert.deepEqual([stopped.json().user.id, stopped.json().role, stopped.json().viewedBy], [team.admin.userId, 'admin', null]);
      assert.equal((await admin.get('/api/tokens')).statusCode, 200);
      const audit = (await team.admin.get('/api/audit-log?entityType=view_as')).json().data as { action: string; entityId: string; actor: unknown }[];
      assert.deepEqual(audit.map((entry) => [entry.action, entry.entityId]).sort(), [['create', team.otherCsm.userId], ['delete', team.otherCsm.userId]]);
    });

    test('only an admin, in a browser session, as a member of the same workspace; a demoted admin is back to themself', async () => {
      for (const caller of [team.leader, team.csm, team.viewer]) {
        const response = await (await session(caller)).post('/api/auth/view-as', { userId: team.otherCsm.userId });
        assert.equal(response.statusCode, 403, `${response.body}`);
      }
      assert.equal((await team.admin.post('/api/auth/view-as', { userId: team.otherCsm.userId })).statusCode, 400, 'an API token has no session');
      const admin = await session(team.admin);
      assert.equal((await admin.post('/api/auth/view-as', { userId: team.outsider.userId })).statusCode, 404, 'another workspace’s admin');
      assert.equal((await admin.post('/api/auth/view-as', { userId: team.admin.userId })).statusCode, 400, 'oneself');
      assert.equal((await admin.get('/api/auth/me')).json().viewedBy, null);

      const second = await t.caller(team.workspace, 'admin', { email: 'second.admin@example.com' });
      const secondSession = await sessionOf(t, second, 'second.admin@example.com');
      assert.equal((await secondSession.post('/api/auth/view-as', { userId: team.viewer.userId })).statusCode, 200);
      assert.equal((await team.admin.patch(`/api/users/${second.userId}`, { role: 'csm' })).statusCode, 200);
      const me = (await secondSession.get('/api/auth/me')).json();
      assert.deepEqual([me.user.id, me.role, me.viewedBy], [second.userId, 'csm', null], 'no longer an admin: no longer viewing as anyone');
    });
  });

  test('every read of this workspace’s objects works for a viewer', async () => {
    for (const route of routes.filter((candidate) => candidate.method === 'GET')) {
      const response = await call(team.viewer, route, fillPath(route.path, ids), undefined);
      // Members are readable by all (owner pickers); tokens, the audit log, signing secrets, the
      // outbound delivery log, the team's workload, the configuration export (it holds webhook addresses), the churn
      // model and backtest, and a source's rejected messages (excerpts may hold personal data) are not.
      const adminOnly = /^\/api\/(tokens|audit-log|webhooks\/secrets|jobs|invitations|outbound|team\/workload|config|health\/(model|backtest)|sources\/\{id\}\/rejections)/.test(route.path);
      assert.equal(response.statusCode, adminOnly ? 403 : 200, `${route.method} ${route.path} as a viewer: ${response.body}`);
    }
  });
});
