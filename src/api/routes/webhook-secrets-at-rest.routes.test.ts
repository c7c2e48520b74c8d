import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { SecretBox, SecretKeyError } from '../../core/secret-box.js';
import { encryptWebhookSecretsAtRest, signGeneric } from '../../support/index.js';
import { buildApp } from '../server.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/**
 * Webhook signing secrets are encrypted at rest with a key kept outside the database
 * (issue 9, finding 7): the column never holds the secret, signatures still verify, a
 * value stored in clear by an older version is encrypted at start, and a wrong key fails
 * with a message that says what to restore.
 */
describe('webhook signing secrets at rest', () => {
  const box = SecretBox.ephemeral();
  let t: ApiTest;
  let admin: Caller;
  let workspaceId: string;

  before(async () => {
    t = await startApiTest({ secretBox: box });
    const team = await t.team();
    admin = team.admin;
    workspaceId = team.workspace.id;
  });
  after(() => t.close());

  const storedSecret = async (id: string) =>
    (await sql<{ secret: string }>`select secret from webhook_secrets where id = ${id}`.execute(t.handle.db)).rows[0]!
      .secret;

  const deliver = (app: ApiTest['app'], secret: string, id: string) => {
    const body = JSON.stringify({ id, subject: 'Export broken', status: 'open', createdAt: '2025-01-08T09:00:00Z' });
    return app.inject({
      method: 'POST',
      url: `/api/webhooks/support/generic?workspace=${workspaceId}`,
      headers: { 'content-type': 'application/json', 'x-boomerang-signature': signGeneric({ secret, body }) },
      payload: body,
    });
  };

  test('a secret created through the API is stored encrypted, and deliveries signed with it verify', async () => {
    const created = await admin.post('/api/webhooks/secrets', { kind: 'generic' });
    assert.equal(created.statusCode, 201, created.body);
    const { id, secret } = created.json() as { id: string; secret: string };

    const stored = await storedSecret(id);
    assert.match(stored, /^enc:v1:[A-Za-z0-9_-]+$/);
    assert.ok(!stored.includes(secret), 'the column does not hold the secret');
    assert.ok(!stored.includes(secret.slice(6, 20)), 'nor any run of it');

    const res = await deliver(t.app, secret, 'AT-REST-1');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await deliver(t.app, 'a-secret-nobody-configured', 'AT-REST-1')).statusCode, 401);
  });

  test('a secret stored in clear by an older version still verifies and is encrypted at start', async () => {
    const created = await admin.post('/api/webhooks/secrets', { kind: 'generic' });
    const { id, secret } = created.json() as { id: string; secret: string };
    await sql`update webhook_secrets set secret = ${secret} where id = ${id}`.execute(t.handle.db);

    assert.equal((await deliver(t.app, secret, 'AT-REST-2')).statusCode, 200, 'read as is before the sweep');
    const { encrypted } = await encryptWebhookSecretsAtRest(t.handle.db, box);
    assert.equal(encrypted, 1);
    const stored = await storedSecret(id);
    assert.ok(stored.startsWith('enc:v1:') && !stored.includes(secret));
    assert.equal((await deliver(t.app, secret, 'AT-REST-3')).statusCode, 200, 'and verifies once encrypted');
    assert.deepEqual(
      await encryptWebhookSecretsAtRest(t.handle.db, box),
      { encrypted: 0 },
      'a second start has nothing to do',
    );
  });

  test('another key cannot read them: the start refuses with a message naming the key, deliveries are not accepted', async () => {
    const created = await admin.post('/api/webhooks/secrets', { kind: 'generic' });
    const { secret } = created.json() as { secret: string };
    const otherKey = new SecretBox(Buffer.alloc(32, 7), 'the key file /srv/boomerang/data.secret-key');

    await assert.rejects(encryptWebhookSecretsAtRest(t.handle.db, otherKey), (error: Error) => {
      assert.ok(error instanceof SecretKeyError);
      assert.match(
        error.message,
        /cannot be decrypted with the key from the key file \/srv\/boomerang\/data\.secret-key/,
      );
      assert.match(error.message, /Restore the key that was in use/);
      return true;
    });

    const wrongApp = await buildApp({ db: t.handle.db, logger: false, secretBox: otherKey });
    try {
      const res = await deliver(wrongApp, secret, 'AT-REST-4');
      assert.equal(res.statusCode, 500);
      assert.doesNotMatch(res.body, /enc:v1|secret key/i, 'nothing about the key or the ciphertext reaches the sender');
    } finally {
      await wrongApp.close();
    }
    const { rows } = await sql<{
      count: number;
    }>`select count(*)::int as count from tickets where external_id = 'AT-REST-4'`.execute(t.handle.db);
    assert.equal(rows[0]!.count, 0, 'nothing stored');
  });
});
