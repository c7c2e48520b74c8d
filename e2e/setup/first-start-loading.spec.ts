import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BIN, TEST_SECRET_KEY } from '../../src/cli/testing/spawn-server.js';
import { launchChromium, openPage, skipReason } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test(
  'the first start answers at once with a loading page, then the login, and names the demo team’s logins',
  { skip: skipReason || (process.env.DATABASE_URL ? 'a first start of the embedded database; startup-gate.test.ts covers the gate on both' : false), timeout: 600_000 },
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'boomerang-first-start-'));
    const env = { ...process.env, DATABASE_URL: '', BOOMERANG_DATA_DIR: dataDir, BOOMERANG_SECRET_KEY: TEST_SECRET_KEY, BOOMERANG_ADMIN_PASSWORD: 'first-admin-password' };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const server = spawn(process.execPath, [BIN, 'start', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    let stderr = '';
    let stdout = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    server.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const browser = await launchChromium();
    try {
      let url: string | undefined;
      while (!url) {
        url = stderr.match(/running at (http:\/\/\S+)/)?.[1];
        assert.equal(server.exitCode, null, stderr);
        await sleep(100);
      }
      const status = (await (await fetch(`${url}/api/system/status`)).json()) as { ready: boolean; percent: number };
      assert.equal(status.ready, false, 'it listens before the demo is in');
      const early = await fetch(`${url}/api/accounts`);
      assert.equal(early.status, 503);
      assert.equal(early.headers.get('retry-after'), '5');

      const { page, pageErrors } = await openPage(browser);
      // The load shares the thread with the server (PGlite): pages answer between its statements, so slower than usual.
      await page.goto(url, { timeout: 240_000, waitUntil: 'domcontentloaded' });
      await page.getByRole('heading', { name: /Preparing the demo workspace… \d+%/ }).waitFor({ timeout: 240_000 });
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: `${RESULTS_DIR}first-start-loading.png` });

      // The page moves on by itself once the demo is in.
      await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 540_000 });
      assert.deepEqual(pageErrors, []);

      const team = stderr.match(/Demo team logins \(password, shown once: (\S+)\):\n {2}(\S+) \(leader\)/);
      assert.ok(team, stderr);
      const [, password, leaderEmail] = team;
      assert.equal(leaderEmail, 'leader@demo.boomerang.dev');
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: leaderEmail, password }),
      });
      const answer = await login.text();
      assert.equal(login.status, 200, answer);
      assert.equal((JSON.parse(answer) as { role: string }).role, 'leader');

      // Not a terminal: one JSON object a line, one line per request.
      const refused = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { path?: string; statusCode?: number; msg: string })
        .find((line) => line.path === '/api/accounts');
      assert.equal(refused?.statusCode, 503);
      assert.match(refused?.msg ?? '', /^GET \/api\/accounts 503 \d+ ms$/);
    } finally {
      await browser.close();
      server.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);
