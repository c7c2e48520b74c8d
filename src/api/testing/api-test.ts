import type { LightMyRequestResponse } from 'fastify';
import { createApiToken, createUserInWorkspace, systemActor, type Role } from '../../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../../db/testing/pg-test.js';
import { systemClock } from '../../core/clock.js';
import { createWorkspaceWithDefaults } from '../../setup/index.js';
import { buildApp, type App, type AppOptions } from '../server.js';

/**
 * An API under test: a fresh database, the app without a network port, and helpers to
 * create workspaces and callers with a given role.
 *
 * @example
 *   const t = await startApiTest();
 *   const acme = await t.workspace('Acme');
 *   const admin = await t.caller(acme, 'admin');
 *   const res = await admin.post('/api/accounts', { name: 'Globex' });
 */
export type ApiTest = {
  app: App;
  handle: TestDatabase;
  workspace(name: string): Promise<{ id: string; name: string }>;
  caller(workspace: { id: string }, role: Role, options?: { email?: string }): Promise<Caller>;
  /** Workspace "Acme CS" with one caller per role (two CSMs), plus an admin of another workspace. */
  team(): Promise<Team>;
  close(): Promise<void>;
};

export type Caller = {
  userId: string;
  token: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
};

export type Team = {
  workspace: { id: string; name: string };
  admin: Caller;
  leader: Caller;
  csm: Caller;
  otherCsm: Caller;
  viewer: Caller;
  outsider: Caller;
};

let callerCount = 0;

export async function startApiTest(
  options: Pick<
    AppOptions,
    'now' | 'loginLimits' | 'trustProxy' | 'eventPublisher' | 'mailer' | 'publicUrl' | 'secretBox' | 'startup'
  > = {},
): Promise<ApiTest> {
  const handle = await createTestDatabase();
  const app = await buildApp({ db: handle.db, logger: false, ...options });
  await app.ready();
  const test: ApiTest = {
    app,
    handle,
    // As the product creates one: with the default teams and hand-off rules.
    workspace: (name) => createWorkspaceWithDefaults(handle.db, name, options.now ? { now: options.now } : systemClock),
    async caller(workspace, role, callerOptions = {}) {
      callerCount += 1;
      const system = systemActor(workspace.id);
      const user = await createUserInWorkspace(handle.db, system, {
        email: callerOptions.email ?? `${role}${callerCount}@example.com`,
        name: `${role[0]!.toUpperCase()}${role.slice(1)} ${callerCount}`,
        password: 'correct horse battery',
        workspaceId: workspace.id,
        role,
      });
      const { token } = await createApiToken(handle.db, system, { name: `test ${role}`, role, userId: user.id });
      const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
        app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(body === undefined ? {} : { payload: body as object }),
        });
      return {
        userId: user.id,
        token,
        get: (url) => send('GET', url),
        post: (url, body) => send('POST', url, body ?? {}),
        patch: (url, body) => send('PATCH', url, body ?? {}),
        put: (url, body) => send('PUT', url, body ?? {}),
        delete: (url) => send('DELETE', url),
      };
    },
    async team() {
      const workspace = await test.workspace('Acme CS');
      return {
        workspace,
        admin: await test.caller(workspace, 'admin'),
        leader: await test.caller(workspace, 'leader'),
        csm: await test.caller(workspace, 'csm'),
        otherCsm: await test.caller(workspace, 'csm'),
        viewer: await test.caller(workspace, 'viewer'),
        outsider: await test.caller(await test.workspace('Globex CS'), 'admin'),
      };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
  return test;
}
