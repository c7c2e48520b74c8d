import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { login } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { isInstallationEmpty } from '../workspaces/index.js';
import { prepareFirstStart } from './first-start.js';

describe('first start and BOOMERANG_ADMIN_PASSWORD', () => {
  let handle: TestDatabase;
  const base = { workspaceName: 'Demo', adminEmail: 'admin@acme.example' };

  before(async () => {
    handle = await createTestDatabase();
  });
  after(() => handle.close());

  test('a common password is refused with the setting named, and nothing is created', async () => {
    await assert.rejects(prepareFirstStart(handle.db, { ...base, adminPassword: 'password123' }), (error: { detail: string }) => {
      assert.match(error.detail, /^BOOMERANG_ADMIN_PASSWORD is one of the most common passwords/);
      return true;
    });
    await assert.rejects(prepareFirstStart(handle.db, { ...base, adminPassword: '        ' }), /only spaces/);
    assert.equal(await isInstallationEmpty(handle.db), true);
  });

  test('a good password creates the admin, and a weak one is refused on a later start instead of resetting it', async () => {
    const first = await prepareFirstStart(handle.db, { ...base, adminPassword: 'first admin passphrase' });
    assert.equal(first.created, true);
    await assert.rejects(prepareFirstStart(handle.db, { ...base, adminPassword: 'iloveyou' }), /BOOMERANG_ADMIN_PASSWORD/);
    const session = await login(handle.db, { email: base.adminEmail, password: 'first admin passphrase', now: new Date(), clientAddress: '127.0.0.1' });
    assert.equal(session.role, 'admin', 'the old password still works');
  });
});
