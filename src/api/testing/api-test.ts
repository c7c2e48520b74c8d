import type { LightMyRequestResponse } from 'fastify';
import { createApiToken, createUserInWorkspace, systemActor, type Role } from '../../auth/index.js';
import type { DatabaseHandle } from '../../db/client.js';
import { createTestDatabase } from '../../db/testing/pg-test.js';
import { createWorkspace } from '../../workspaces/index.js';
import { buildApp, type App } from '../server.js';

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
  handle: DatabaseHandle;
  workspace(name: string): Promise<{ id: string; name: string }>;
  caller(workspace: { id: string }, role: Role, options?: { email?: string }): Promise<Caller>;
  close(): Promise<void>;
};

export type Caller = {
  userId: string;
  token: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
};

let callerCount = 0;

export async function startApiTest(options: { now?: () => Date; loginRateLimit?: number } = {}): Promise<ApiTest> {
  const handle = await createTestDatabase();
  const app = await buildApp({ db: handle.db, logger: false, now: options.now, loginRateLimit: options.loginRateLimit });
  await app.ready();
  return {
    app,
    handle,
    workspace: (name) => createWorkspace(handle.db, name),
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
      const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
        app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
      return {
        userId: user.id,
        token,
        get: (url) => send('GET', url),
        post: (url, body) => send('POST', url, body ?? {}),
        patch: (url, body) => send('PATCH', url, body ?? {}),
        delete: (url) => send('DELETE', url),
      };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
