import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './client.js';

const parents: string[] = [];
function newParentDir(): string {
  const parent = mkdtempSync(join(tmpdir(), 'boomerang-datadir-'));
  parents.push(parent);
  return parent;
}
// PGlite re-creates its directory a moment after close() (seen with 0.5.16: an unhandled
// ENOENT when the parent is already gone), so the temp dirs go once every test has settled.
after(async () => {
  await sleep(1_000);
  for (const parent of parents) rmSync(parent, { recursive: true, force: true });
});

/** Every path under `dir` whose mode lets the group or others in, with its mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) found.push(`${path} ${mode.toString(8)}`);
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

test('the embedded database keeps its directory 0700 and its files 0600 (issue 9, finding 7)', async () => {
  const dataDir = join(newParentDir(), 'data');
  const handle = await openDatabase({ dataDir });
  assert.equal(statSync(dataDir).mode & 0o777, 0o700, 'a fresh data directory is private');
  assert.deepEqual(openToOthers(dataDir), [], 'nothing PGlite wrote on first start is open to others');
  // New relation files appear while it runs; the closed directory still shuts others out.
  await sql`create table private_check (id int)`.execute(handle.db);
  await sql`insert into private_check values (1)`.execute(handle.db);
  await handle.close();
  assert.deepEqual(openToOthers(dataDir), [], 'nor after writing and closing');
});

test('a data directory made by an older version (0755, files 0666) is tightened when opened', async () => {
  const dataDir = join(newParentDir(), 'data');
  await (await openDatabase({ dataDir })).close();
  chmodSync(dataDir, 0o755);
  chmodSync(join(dataDir, 'PG_VERSION'), 0o666);
  mkdirSync(join(dataDir, 'extra'), { mode: 0o755 });
  writeFileSync(join(dataDir, 'extra', 'note'), 'x', { mode: 0o644 });
  assert.notDeepEqual(openToOthers(dataDir), [], 'the setup really opened it up');

  const handle = await openDatabase({ dataDir });
  try {
    assert.deepEqual(openToOthers(dataDir), []);
  } finally {
    await handle.close();
  }
});
