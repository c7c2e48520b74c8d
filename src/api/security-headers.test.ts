import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { systemActor } from '../auth/index.js';
import type { DatabaseHandle } from '../db/client.js';
import { createTestDatabase } from '../db/testing/pg-test.js';
import { createSource } from '../ingest/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { buildApp, type App } from './server.js';

/** Headers every response must carry, whatever route or error produced it (issue 9, finding 6). */
function assertBrowserSecurityHeaders(res: LightMyRequestResponse, what: string) {
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(res.headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', `${what}: Referrer-Policy`);
  const csp = String(res.headers['content-security-policy'] ?? '');
  assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
  assert.match(csp, /script-src 'self'(;|$)/, `${what}: scripts only from this origin, none inline`);
  assert.match(csp, /object-src 'none'/, `${what}: no plugins`);
  assert.doesNotMatch(csp, /'unsafe-eval'|script-src[^;]*'unsafe-inline'/, `${what}: no inline or eval'd script`);
}

describe('browser security headers', () => {
  let handle: DatabaseHandle;
  let app: App;
  let webDir: string;
  let writeKey: string;

  before(async () => {
    handle = await createTestDatabase();
    webDir = mkdtempSync(join(tmpdir(), 'boomerang-web-'));
    writeFileSync(
      join(webDir, 'index.html'),
      '<!doctype html><title>Boomerang</title><script type="module" src="/assets/app.js"></script>',
    );
    const workspace = await createWorkspace(handle.db, 'Headers');
    ({ writeKey } = await createSource(handle.db, systemActor(workspace.id), { name: 'Web' }));
    app = await buildApp({ db: handle.db, logger: false, webDir });
  });
  after(async () => {
    await app.close();
    await handle.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  test('the web app, its client-side routes and its files', async () => {
    for (const url of ['/', '/accounts/123', '/index.html']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assertBrowserSecurityHeaders(res, url);
      assert.equal(res.headers['strict-transport-security'], undefined, `${url}: no HSTS without secure cookies`);
    }
  });

  test('API JSON, the OpenAPI document and /v1', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(health.statusCode, 200);
    assertBrowserSecurityHeaders(health, '/api/health');

    const openapi = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(openapi.statusCode, 200);
    assertBrowserSecurityHeaders(openapi, '/api/openapi.json');

    const track = await app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      payload: { userId: 'u1', event: 'Signed In' },
    });
    assert.equal(track.statusCode, 200, track.body);
    assertBrowserSecurityHeaders(track, '/v1/track');
  });

  test('problem+json errors: unauthenticated, invalid body, malformed JSON, unknown route, bad write key', async () => {
    const cases: Array<[string, InjectOptions, number]> = [
      ['401 without credentials', { method: 'GET', url: '/api/accounts' }, 401],
      ['400 invalid login body', { method: 'POST', url: '/api/auth/login', payload: { email: 'nobody' } }, 400],
      [
        '400 malformed JSON',
        {
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '{"email":',
        },
        400,
      ],
      ['404 unknown route', { method: 'DELETE', url: '/no-such-thing' }, 404],
      [
        '401 bad write key',
        { method: 'POST', url: '/v1/track', headers: { authorization: 'Basic eDo=' }, payload: {} },
        401,
      ],
    ];
    for (const [what, request, status] of cases) {
      const res = await app.inject(request);
      assert.equal(res.statusCode, status, `${what}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, what);
      assertBrowserSecurityHeaders(res, what);
    }
  });

  test('HSTS is sent when secure cookies say the server is behind HTTPS', async () => {
    const secure = await buildApp({ db: handle.db, logger: false, webDir, secureCookies: true });
    try {
      for (const url of ['/', '/api/health', '/api/no-such-thing']) {
        const res = await secure.inject({ method: 'GET', url });
        assert.equal(res.headers['strict-transport-security'], 'max-age=31536000', url);
        assertBrowserSecurityHeaders(res, url);
      }
    } finally {
      await secure.close();
    }
  });
});
