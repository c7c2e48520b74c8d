#!/usr/bin/env node
// `npm test`: every *.test.ts under src/ and *.spec.ts under e2e/, through node's test
// runner (with tsx for TypeScript). Runs on PGlite unless DATABASE_URL is set.
// Ends with "N passed, N failed" so CI and people read one line. Arguments narrow the run
// to files whose path contains any of them: `npm test -- accounts`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function findFiles(dir, suffix) {
  let found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found = found.concat(findFiles(path, suffix));
    else if (entry.name.endsWith(suffix)) found.push(relative(root, path));
  }
  return found;
}

const filters = process.argv.slice(2);
// Two files run at a time (the machine CI runs on has two cores), in the order given. Longest
// first, by the last run's times on this database: started last, a seven-minute file would run
// alone at the end while the other core idles. Files without a time (new ones) go first.
const durationsFile = join(homedir(), '.cache', 'boomerang', `test-durations-${process.env.DATABASE_URL ? 'postgres' : 'pglite'}.json`);
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
};
const lastDurations = readJson(durationsFile);
const files = [...findFiles(join(root, 'src'), '.test.ts'), ...findFiles(join(root, 'e2e'), '.spec.ts')]
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort()
  .sort((a, b) => (lastDurations[b] ?? Infinity) - (lastDurations[a] ?? Infinity) || 0);
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}`);
  process.exit(1);
}

const database = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
console.log(`Running ${files.length} test files on ${database}`);

const tapDir = mkdtempSync(join(tmpdir(), 'boomerang-tests-'));
const tapFile = join(tapDir, 'results.tap');
const durationsOut = join(tapDir, 'durations.json');
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    `--test-reporter=${join(root, 'scripts/test-durations-reporter.mjs')}`,
    `--test-reporter-destination=${durationsOut}`,
    ...files,
  ],
  // The test files share one migrated embedded database to copy from (src/db/testing/pg-test.ts).
  { cwd: root, stdio: 'inherit', env: { ...process.env, BOOMERANG_TEST_TEMPLATE_DIR: tapDir } },
);

child.on('exit', (code, signal) => {
  const tap = readFileSync(tapFile, 'utf8');
  const durations = { ...lastDurations };
  for (const [file, ms] of Object.entries(readJson(durationsOut))) durations[relative(root, file)] = Math.round(ms);
  try {
    mkdirSync(dirname(durationsFile), { recursive: true });
    writeFileSync(durationsFile, `${JSON.stringify(durations, null, 1)}\n`);
  } catch {
    // Only the order of the next run depends on it.
  }
  rmSync(tapDir, { recursive: true, force: true });
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(signal ? 1 : (code ?? 1) || (failed > 0 ? 1 : 0));
});
