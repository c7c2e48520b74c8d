import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnServer } from './testing/spawn-server.js';
import { useCliEnvironment } from './testing/cli-environment.js';

/**
 * `boomerang rollups rebuild` on its own and through a running server, and the server's
 * rollup worker bringing freshly ingested events onto the account's usage within seconds.
 */
describe('boomerang rollups rebuild', () => {
  const cli = useCliEnvironment('rollups');
  const { boomerang } = cli;

  test('without a server: rebuilds an empty workspace, refuses an unknown one', () => {
    assert.equal(boomerang('workspace', 'create', 'Usage Co').status, 0);
    const rebuilt = boomerang('rollups', 'rebuild', '--workspace', 'Usage Co');
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    assert.equal(rebuilt.stdout.trim(), '0');
    assert.match(rebuilt.stderr, /Rebuilt usage rollups of 0 accounts/);
    const unknown = boomerang('rollups', 'rebuild', '--workspace', 'Nope');
    assert.equal(unknown.status, 3);
    assert.match(unknown.stderr, /No workspace is named "Nope"/);
  });

  test('with a server: the worker rolls up new events within seconds, and rebuild runs inside it', { timeout: 300_000 }, async () => {
    const { url, stop } = await spawnServer(cli.env());
    try {
      const token = boomerang('token', 'create', '--workspace', 'Usage Co', '--role', 'admin').stdout.trim();
      const writeKey = boomerang('source', 'create', '--workspace', 'Usage Co', '--name', 'App').stdout.trim();
      const api = (path: string, body?: object) =>
        fetch(`${url}${path}`, {
          method: body ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body && JSON.stringify(body),
        });
      const account = (await (await api('/api/accounts', { name: 'Acme', externalIds: { segment: 'g-acme' } })).json()) as { id: string };

      const sentAt = Date.now();
      const ingested = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          batch: [
            { type: 'group', userId: 'u1', groupId: 'g-acme' },
            { type: 'track', userId: 'u1', event: 'Report exported' },
            { type: 'track', userId: 'u1', event: 'Search' },
          ],
        }),
      });
      assert.equal(ingested.status, 200);

      let activeUsers = 0;
      while (activeUsers === 0 && Date.now() - sentAt < 60_000) {
        await sleep(250);
        activeUsers = ((await (await api(`/api/accounts/${account.id}/usage?days=7`)).json()) as { summary: { activeUsers7d: number } }).summary.activeUsers7d;
      }
      assert.equal(activeUsers, 1, 'rolled up within a minute');
      process.stderr.write(`# usage rollup visible ${Date.now() - sentAt} ms after ingestion\n`);

      const rebuilt = boomerang('rollups', 'rebuild');
      assert.equal(rebuilt.status, 0, rebuilt.stderr);
      assert.equal(rebuilt.stdout.trim(), '1');
    } finally {
      await stop();
    }
  });
});
