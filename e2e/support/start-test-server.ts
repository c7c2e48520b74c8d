import { buildApp } from '../../src/api/server.js';
import { ensureWebBuild, WEB_DIST_DIR } from '../../src/api/web-assets.js';
import { createAccount } from '../../src/accounts/index.js';
import { createUserInWorkspace, systemActor } from '../../src/auth/index.js';
import type { Db } from '../../src/db/client.js';
import { createTestDatabase } from '../../src/db/testing/pg-test.js';
import { systemClock } from '../../src/core/clock.js';
import { createWorkspaceWithDefaults } from '../../src/setup/index.js';

export type TestServer = {
  baseUrl: string;
  /** The server's database, for specs that prepare data or run background steps directly. */
  db: Db;
  workspaceId: string;
  adminEmail: string;
  adminPassword: string;
  accountName: string;
  close(): Promise<void>;
};

/**
 * The real server on a random port with the built web app, a fresh database (PGlite, or
 * a schema on DATABASE_URL), one workspace, its admin and one account to find.
 */
export async function startTestServer(): Promise<TestServer> {
  await ensureWebBuild(() => undefined);
  const handle = await createTestDatabase();
  const workspace = await createWorkspaceWithDefaults(handle.db, 'E2E Workspace', systemClock);
  const system = systemActor(workspace.id);
  const adminEmail = 'admin@e2e.example.com';
  const adminPassword = 'e2e-password-123';
  const admin = await createUserInWorkspace(handle.db, system, {
    email: adminEmail,
    name: 'Erin Admin',
    password: adminPassword,
    workspaceId: workspace.id,
    role: 'admin',
  });
  const accountName = 'Northwind Traders';
  await createAccount(handle.db, system, {
    name: accountName,
    domain: 'northwind.example',
    segment: 'mid-market',
    industry: 'Retail',
    employeeCount: 420,
    ownerId: admin.id,
    lifecycleStage: 'Adoption',
  });
  for (const name of ['Contoso', 'Fabrikam', 'Tailspin Toys']) {
    await createAccount(handle.db, system, { name, segment: 'smb', ownerId: admin.id });
  }
  const app = await buildApp({ db: handle.db, logger: false, webDir: WEB_DIST_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db: handle.db,
    workspaceId: workspace.id,
    adminEmail,
    adminPassword,
    accountName,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
