import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useCliEnvironment } from './testing/cli-environment.js';

/** `boomerang rates import`: a CSV of exchange rates into a workspace, all or nothing. */
describe('boomerang rates import', () => {
  const cli = useCliEnvironment('rates');
  const { boomerang } = cli;

  test('stores the rates of a file and refuses a bad one whole, naming its line', () => {
    assert.equal(boomerang('workspace', 'create', 'Rates Co').status, 0);
    const good = join(cli.dataDir(), 'rates.csv');
    writeFileSync(good, 'currency,effective_date,rate\nEUR,2025-01-01,1.08\nGBP,2025-01-01,1.27\n');
    const imported = boomerang('rates', 'import', good, '--workspace', 'Rates Co');
    assert.equal(imported.status, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout.trim().split('\n').at(-1)!), { rates: 2, missingCurrencies: [] });
    assert.match(imported.stderr, /Stored 2 exchange rate\(s\) to USD in "Rates Co"/);

    const bad = join(cli.dataDir(), 'bad.csv');
    writeFileSync(bad, 'currency,effective_date,rate\nCHF,2025-01-01,0.95\nEURO,2025-01-01,1.1\n');
    const refused = boomerang('rates', 'import', bad, '--workspace', 'Rates Co');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /line 3 currency/);
  });
});
