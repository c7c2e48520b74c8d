import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { createLogger } from '../core/logger.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { buildApp, type App } from './server.js';

/** A logger that keeps every line it writes, so a test can read what an operator would. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('info', destination), text: () => lines.join('') };
}

describe('errors from the database are logged without the values of the statement', () => {
  let handle: TestDatabase;
  let app: App;
  const captured = capturingLogger();
  // Shaped like the stored hashes (argon2id and SHA-256 hex), without computing them here.
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaC10aGF0LW11c3QtbmV2ZXItYmUtbG9nZ2Vk';
  const tokenHash = createHash('sha256').update('bmr_a-token-that-must-never-be-logged').digest('hex');

  before(async () => {
    handle = await createTestDatabase();
    app = await buildApp({ db: handle.db, logger: captured.logger });
    // A route whose insert into a credential table fails in a way the API does not expect, so
    // the error takes the logged-500 path every unexpected database error takes.
    app.post('/test/failing-insert', async () => {
      // A table missing (a deploy that skipped a migration, say) is such an error: 42P01.
      await handle.db
        .insertInto('users_not_migrated' as 'users')
        .values({ email: 'x@acme.example', name: 'X', password_hash: passwordHash })
        .execute();
    });
    app.post('/test/null-email', async () => {
      await handle.db.insertInto('users').values({ email: null as unknown as string, name: 'X', password_hash: passwordHash }).execute();
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  test('a failed insert into users answers 500 and the log names the error but holds no password hash', async () => {
    const res = await app.inject({ method: 'POST', url: '/test/failing-insert' });
    assert.equal(res.statusCode, 500);
    assert.ok(!res.body.includes(passwordHash), 'nor does the answer');
    const log = captured.text();
    assert.match(log, /unexpected error/, 'the error was logged');
    assert.match(log, /"code":"42P01"/, 'with its SQLSTATE');
    assert.ok(!log.includes(passwordHash), `the password hash is not in the log:\n${log}`);
    assert.ok(!log.includes(passwordHash.slice(-20)), 'not even part of it');
  });

  test('a constraint violation on api_tokens, logged as the workers log errors, holds no token hash', async () => {
    const refused = await handle.db
      .insertInto('api_tokens')
      .values({ workspace_id: '00000000-0000-0000-0000-000000000000', name: 't', role: 'admin', token_hash: tokenHash, prefix: 'bmr_' })
      .execute()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(refused, 'the insert failed (no such workspace)');
    captured.logger.error({ err: refused }, 'storing a token failed');
    const log = captured.text();
    assert.match(log, /storing a token failed/);
    assert.match(log, /api_tokens/, 'the table is named');
    assert.ok(!log.includes(tokenHash), `the token hash is not in the log:\n${log}`);
  });

  test('a not-null violation on users does not send the failing row back to the caller either', async () => {
    const res = await app.inject({ method: 'POST', url: '/test/null-email' });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().detail, /email/);
    assert.ok(!res.body.includes(passwordHash), res.body);
  });
});
