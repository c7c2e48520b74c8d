import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loginThrottleCleanupJob } from '../../auth/index.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { buildApp, type App } from '../server.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie.join(';') : (setCookie ?? '');
  const match = header.match(/boomerang_session=([^;]+)/);
  assert.ok(match, `a session cookie was set: ${header}`);
  return `boomerang_session=${match[1]}`;
}

describe('logging in, sessions and CSRF', () => {
  let t: ApiTest;
  let csm: Caller;
  let email: string;

  before(async () => {
    t = await startApiTest({ loginLimits: { perEmail: 5 } });
    const acme = await t.workspace('Acme CS');
    email = 'casey@acme.example';
    csm = await t.caller(acme, 'csm', { email });
  });
  after(() => t.close());

  const login = (body: object) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body });

  test('a good password opens an httpOnly session; writes with it need the CSRF token', async () => {
    const res = await login({ email: 'CASEY@acme.example', password: 'correct horse battery' });
    assert.equal(res.statusCode, 200, res.body);
    const session = res.json();
    assert.equal(session.role, 'csm');
    assert.equal(session.workspace.name, 'Acme CS');
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    const cookie = sessionCookie(res.headers['set-cookie']);

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.json().user.id, csm.userId);
    assert.equal(me.json().csrfToken, session.csrfToken);

    const withoutCsrf = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie }, payload: { name: 'Forged' } });
    assert.equal(withoutCsrf.statusCode, 403);
    assert.match(withoutCsrf.json().detail, /x-csrf-token/i);
    const withCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      payload: { name: 'Real' },
    });
    assert.equal(withCsrf.statusCode, 201, withCsrf.body);
    assert.equal((await csm.get('/api/accounts?q=forged')).json().total, 0, 'the forged write left nothing');

    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    assert.equal(logout.statusCode, 204);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie } })).statusCode, 401);
  });

  test('a wrong password or unknown email gets the same 401', async () => {
    const wrong = await login({ email, password: 'nope-nope' });
    const unknown = await login({ email: 'nobody@acme.example', password: 'nope-nope' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(unknown.json().detail, wrong.json().detail);
  });

  test('no credentials, a bad scheme or an unknown token get 401', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/accounts' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: { authorization: 'Basic abc' } })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: { authorization: 'Bearer bmr_unknown' } })).statusCode, 401);
  });

  test('repeated failures for one email are rate limited', async () => {
    const target = 'limited@acme.example';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) statuses.push((await login({ email: target, password: 'guess' })).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    const limited = await login({ email: target, password: 'guess' });
    assert.equal(limited.json().code, 'rate_limited');
    assert.equal((await login({ email, password: 'correct horse battery' })).statusCode, 200, 'other emails still log in');
  });

  test('login bodies are validated like any other', async () => {
    assert.equal((await login({ email })).statusCode, 400);
    assert.equal((await login({ email, password: 'x', remember: true })).statusCode, 400);
  });
});

describe('login throttling: per client address and per account, in the database', () => {
  let t: ApiTest;
  let clock = new Date('2026-03-02T09:00:00Z');
  const limits = { perEmail: 3, perAddress: 6, windowMs: 15 * 60_000, firstLockoutMs: 60_000, maxLockoutMs: 10 * 60_000 };
  const email = 'robin@acme.example';
  const password = 'correct horse battery';
  let addressCount = 0;
  /** A client address no earlier test used, so each test starts with fresh address counters. */
  const newAddress = () => `198.51.100.${++addressCount}`;

  before(async () => {
    t = await startApiTest({ now: () => clock, loginLimits: limits });
    await t.caller(await t.workspace('Acme CS'), 'csm', { email });
  });
  after(() => t.close());

  const attempt = (app: App, body: { email: string; password: string }, from: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: from, headers });
  const statuses = async (responses: Promise<{ statusCode: number }>[]) => (await Promise.all(responses)).map((res) => res.statusCode);

  test('by default a spoofed X-Forwarded-For does not give a fresh address bucket', async () => {
    const from = newAddress();
    const results: number[] = [];
    for (let i = 0; i < 7; i++) {
      // A different email each time, so only the address counter can refuse.
      const res = await attempt(t.app, { email: `spray${i}@acme.example`, password: 'wrong guess here' }, from, { 'x-forwarded-for': `203.0.113.${i}` });
      results.push(res.statusCode);
    }
    assert.deepEqual(results, [401, 401, 401, 401, 401, 401, 429]);
  });

  test('behind a trusted proxy (BOOMERANG_TRUST_PROXY) the forwarded address is the one limited', async () => {
    const proxied = await buildApp({ db: t.handle.db, logger: false, now: () => clock, loginLimits: limits, trustProxy: true });
    await proxied.ready();
    try {
      const proxy = newAddress();
      const clients = [] as number[];
      for (let i = 0; i < 8; i++) {
        clients.push((await attempt(proxied, { email: `visitor${i}@acme.example`, password: 'wrong guess here' }, proxy, { 'x-forwarded-for': `192.0.2.${i + 1}` })).statusCode);
      }
      assert.deepEqual(clients, [401, 401, 401, 401, 401, 401, 401, 401], 'eight clients behind one proxy each have their own bucket');
      const oneClient = [] as number[];
      for (let i = 0; i < 7; i++) {
        oneClient.push((await attempt(proxied, { email: `probe${i}@acme.example`, password: 'wrong guess here' }, proxy, { 'x-forwarded-for': '192.0.2.200' })).statusCode);
      }
      assert.deepEqual(oneClient, [401, 401, 401, 401, 401, 401, 429], 'one client behind the proxy is limited by its forwarded address');
    } finally {
      await proxied.close();
    }
  });

  test('spaces, case and Unicode look-alikes of an email share one bucket, across addresses', async () => {
    const variants = [' Robin@acme.example', 'ROBIN@ACME.EXAMPLE\t', 'ｒｏｂｉｎ@acme.example'];
    const failures = await statuses(variants.map((variant) => attempt(t.app, { email: variant, password: 'not the password' }, newAddress())));
    assert.deepEqual(failures, [401, 401, 401]);
    const refused = await attempt(t.app, { email: email, password }, newAddress());
    assert.equal(refused.statusCode, 429, 'even the right password waits out the lockout');
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(refused.json().code, 'rate_limited');
    assert.equal(refused.headers['retry-after'], '60');

    clock = new Date(clock.getTime() + 61_000);
    const after = await attempt(t.app, { email: 'ｒｏｂｉｎ@Acme.example ', password }, newAddress());
    assert.equal(after.statusCode, 200, `the lockout ended and the variant logs in: ${after.body}`);
    assert.equal(after.json().user.email, email);
  });

  test('hammering an account only slows it down: lockouts double up to a cap, and a success clears them', async () => {
    const target = 'hammered@acme.example';
    const retryAfter: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 3; i++) assert.equal((await attempt(t.app, { email: target, password: 'still guessing' }, newAddress())).statusCode, 401, `round ${round}: open again`);
      const refused = await attempt(t.app, { email: target, password: 'still guessing' }, newAddress());
      assert.equal(refused.statusCode, 429);
      retryAfter.push(Number(refused.headers['retry-after']));
      clock = new Date(clock.getTime() + Number(refused.headers['retry-after']) * 1000);
    }
    assert.deepEqual(retryAfter, [60, 120, 240, 480, 600, 600]);

    // Robin's own bucket: fail twice, succeed, and the count starts over.
    for (let i = 0; i < 2; i++) await attempt(t.app, { email, password: 'a typo in it' }, newAddress());
    assert.equal((await attempt(t.app, { email, password }, newAddress())).statusCode, 200);
    assert.deepEqual(await statuses([0, 1, 2].map(() => attempt(t.app, { email, password: 'a typo in it' }, newAddress()))), [401, 401, 401]);
    clock = new Date(clock.getTime() + 60 * 60_000);
  });

  test('the limit holds across API processes sharing the database, even for parallel attempts', async () => {
    // A second process: its own app and, on PostgreSQL, its own connection pool.
    const second: DatabaseHandle = t.handle.databaseUrl ? await openDatabase({ databaseUrl: t.handle.databaseUrl, poolSize: 4 }) : t.handle;
    const other = await buildApp({ db: second.db, logger: false, now: () => clock, loginLimits: limits });
    await other.ready();
    try {
      const target = 'shared@acme.example';
      const apps = [t.app, other, t.app, other, t.app, other];
      const results = await statuses(apps.map((app) => attempt(app, { email: target, password: 'parallel guess' }, newAddress())));
      assert.deepEqual(results.toSorted(), [401, 401, 401, 429, 429, 429], `three admitted in all, whichever process: ${results}`);
    } finally {
      await other.close();
      if (second !== t.handle) await second.close();
    }
  });

  test('the recurring cleanup job prunes counters that ran out, and leaves the live ones', async () => {
    clock = new Date(clock.getTime() + 24 * 60 * 60_000);
    await attempt(t.app, { email: 'late@acme.example', password: 'one more guess' }, newAddress());
    const before = await t.handle.db.selectFrom('login_throttles').select(['expires_at']).execute();
    assert.ok(before.length > 2, 'a login leaves the expired counters to the job');
    await loginThrottleCleanupJob.run({
      id: 'cleanup-run',
      type: loginThrottleCleanupJob.type,
      workspaceId: null,
      payload: {},
      attempt: 1,
      maxAttempts: 5,
      db: t.handle.db,
      clock: { now: () => clock },
      signal: new AbortController().signal,
    });
    const rows = await t.handle.db.selectFrom('login_throttles').select(['expires_at']).execute();
    assert.ok(rows.length <= 2, `only the last attempt's counters are left: ${rows.length}`);
    assert.ok(rows.every((row) => row.expires_at.getTime() > clock.getTime() - 1));
  });
});

describe('API tokens, members and the OpenAPI document', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;

  before(async () => {
    t = await startApiTest();
    const acme = await t.workspace('Acme CS');
    admin = await t.caller(acme, 'admin');
    leader = await t.caller(acme, 'leader');
  });
  after(() => t.close());

  test('an admin creates a token, sees it listed without the secret, and revokes it', async () => {
    const created = await admin.post('/api/tokens', { name: 'warehouse sync', role: 'viewer' });
    assert.equal(created.statusCode, 201, created.body);
    const { token, id } = created.json();
    const use = () => t.app.inject({ method: 'GET', url: '/api/accounts', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await use()).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/accounts', headers: { authorization: `Bearer ${token}` }, payload: { name: 'x' } })).statusCode, 403);

    const listed = (await admin.get('/api/tokens')).json().data.find((row: { id: string }) => row.id === id);
    assert.equal(listed.token, undefined);
    assert.equal(listed.prefix, token.slice(0, 10));
    assert.ok(listed.lastUsedAt);

    assert.equal((await admin.delete(`/api/tokens/${id}`)).statusCode, 204);
    assert.equal((await use()).statusCode, 401);
    assert.equal((await admin.delete(`/api/tokens/${id}`)).statusCode, 404, 'revoking twice');
  });

  test('only admins manage tokens and invite members', async () => {
    assert.equal((await leader.post('/api/tokens', { name: 'mine', role: 'admin' })).statusCode, 403);
    assert.equal((await leader.get('/api/tokens')).statusCode, 403);
    assert.equal((await leader.post('/api/invitations', { email: 'x@acme.example', name: 'X', role: 'admin' })).statusCode, 403);
    const invited = await admin.post('/api/invitations', { email: 'new@acme.example', name: 'New Csm', role: 'csm' });
    assert.equal(invited.statusCode, 201, invited.body);
    // Invited is not yet a member: the invitee joins by accepting (invitations.routes.test.ts).
    assert.ok(!(await leader.get('/api/users')).json().data.some((m: { email: string }) => m.email === 'new@acme.example'));
  });

  test('a new member’s password must not be common or blank; long passphrases are welcome', async () => {
    const invited = await admin.post('/api/invitations', { email: 'weak@acme.example', name: 'Weak', role: 'csm' });
    assert.equal(invited.statusCode, 201, invited.body);
    const token = new URL(invited.json().link).hash.replace('#token=', '');
    const accept = (password: string) => t.app.inject({ method: 'POST', url: '/api/invitations/accept', payload: { token, password } });
    for (const [password, reason] of [
      ['password1', /most common/],
      ['Qwerty123', /most common/],
      ['          ', /only spaces/],
      ['short', /at least 8/],
    ] as const) {
      const refused = await accept(password);
      assert.equal(refused.statusCode, 400, `${password}: ${refused.body}`);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(refused.json().issues[0].path, 'password');
      assert.match(refused.json().detail, reason);
    }
    assert.ok(!(await admin.get('/api/users')).json().data.some((m: { email: string }) => m.email === 'weak@acme.example'), 'nothing was created');

    const passphrase = 'my cat walks on the piano every single morning at six o’clock';
    assert.ok(passphrase.length >= 60);
    assert.equal((await accept(passphrase)).statusCode, 200, 'the same link still works after refused passwords');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'weak@acme.example', password: passphrase } })).statusCode, 200);
  });

  test('custom fields are defined by admins and enforced on accounts', async () => {
    const defined = await admin.post('/api/custom-fields', { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    assert.equal(defined.statusCode, 201, defined.body);
    assert.equal((await admin.post('/api/custom-fields', { key: 'tier', label: 'Again', type: 'text' })).statusCode, 409);
    assert.equal((await admin.post('/api/accounts', { name: 'Tiered', customFields: { tier: 'bronze' } })).statusCode, 400);
    const ok = await admin.post('/api/accounts', { name: 'Tiered', customFields: { tier: 'gold' } });
    assert.deepEqual(ok.json().customFields, { tier: 'gold' });
  });

  test('health and the OpenAPI document need no login', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.deepEqual(health.json(), { status: 'ok' });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/api/accounts', '/api/accounts/{id}', '/api/auth/login', '/api/tokens']) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    assert.ok(doc.paths['/api/accounts'].get.parameters.some((p: { name: string }) => p.name === 'sort'));
    assert.equal(doc.paths['/api/internal/cli'], undefined);
  });

  test('unknown API routes answer a 404 problem', async () => {
    const res = await admin.get('/api/nothing-here');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'not_found');
  });
});
