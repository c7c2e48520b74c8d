import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../core/errors.js';
import { parseDay } from '../metrics/clv/index.js';
import { clvFitCommand, type ClvFitOptions } from './commands/clv.js';

const BIN = join(import.meta.dirname, '../../bin/boomerang.mjs');
// Fader & Hardie's 1/10 CDNOW sample, kept beside the repository (see shared/data/SOURCES.md).
const CDNOW_SAMPLE = join(import.meta.dirname, '../../../shared/data/cdnow/CDNOW_sample.txt');

type Run = { status: number | null; stdout: string; stderr: string };

function boomerang(...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, 'clv', 'fit', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lastLineJson = (run: Run) => JSON.parse(run.stdout.trim().split('\n').at(-1)!);

describe('boomerang clv fit (the real binary, no database)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'boomerang-clv-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(
    'CDNOW sample, calibration to 1997-09-30: the published BG/NBD and Gamma-Gamma estimates',
    {
      skip:
        !existsSync(CDNOW_SAMPLE) && `the CDNOW sample is not at ${CDNOW_SAMPLE} (shared/data beside the repository)`,
    },
    () => {
      const customers = join(dir, 'customers.csv');
      const run = boomerang(
        '--transactions',
        CDNOW_SAMPLE,
        '--calibration-end',
        '1997-09-30',
        '--holdout-end',
        '1998-06-30',
        '--customers',
        customers,
      );
      assert.equal(run.status, 0, run.stderr);
      const result = lastLineJson(run);
      // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
      assert.deepEqual(
        [result.r, result.alpha, result.a, result.b].map((value: number) => value.toFixed(3)),
        ['0.243', '4.414', '0.793', '2.426'],
      );
      assert.equal(result.log_likelihood.toFixed(1), '-9582.4');
      // The data set's own counts (SOURCES.md, cdnow_customers_summary.csv): 2,357 customers, 2,457 repeat
      // purchase days in calibration, 1,882 purchase days in the 39-week hold-out, 223 same-day rows merged.
      assert.deepEqual(
        [
          result.customers,
          result.repeat_purchases,
          result.holdout_weeks,
          result.actual_holdout_repeats,
          result.merged_same_day_rows,
        ],
        [2357, 2457, 39, 1882, 223],
      );
      // Gamma-Gamma on the 946 repeat buyers' mean repeat spend: p = 6.25, q = 3.74, γ = 15.44 (Fader, Hardie & Lee 2005, note 025).
      const spend = result.gamma_gamma;
      assert.deepEqual(
        [spend.customers, spend.p.toFixed(2), spend.q.toFixed(2), spend.gamma.toFixed(2)],
        [946, '6.25', '3.74', '15.44'],
      );

      // The expected hold-out total is the sum of the customers' conditional expectations …
      const rows = readFileSync(customers, 'utf8').trim().split('\n');
      const header = rows[0]!.split(',');
      const column = (name: string) => rows.slice(1).map((row) => row.split(',')[header.indexOf(name)]!);
      const sum = column('expected_holdout_repeats').reduce((total, value) => total + Number(value), 0);
      assert.ok(Math.abs(sum - result.expected_holdout_repeats) < 0.01, `${sum} vs ${result.expected_holdout_repeats}`);
      // … and the paper's worked customer (sample id 0001: x = 2, t_x = 30.43, T = 38.86) expects 1.226 in 39 weeks.
      const first = rows[1]!.split(',');
      assert.deepEqual(
        [first[0], first[1], Number(first[2]).toFixed(2), Number(first[3]).toFixed(2)],
        ['00004', '2', '30.43', '38.86'],
      );
      assert.equal(Number(first[header.indexOf('expected_holdout_repeats')]).toFixed(3), '1.226');
      assert.match(run.stdout, /BG\/NBD r = 0\.243, α = 4\.414, a = 0\.793, b = 2\.426, log-likelihood -9582\.4/);
    },
  );

  test('bad input: a readable message and exit status 2', () => {
    const missing = boomerang('--transactions', join(dir, 'nope.txt'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Cannot read .*nope\.txt: no such file/);

    const file = join(dir, 'bad.txt');
    writeFileSync(file, 'ann 1997-01-01 10\nann 1997-01-15 ten\n');
    const badRow = boomerang('--transactions', file);
    assert.equal(badRow.status, 2);
    assert.match(badRow.stderr, /Line 2: the amount "ten" is not a number/);
    assert.equal(badRow.stdout, '');

    const badDate = boomerang('--transactions', file, '--calibration-end', '1997-02-30');
    assert.notEqual(badDate.status, 0);
    assert.match(badDate.stderr, /option '--calibration-end <date>' argument '1997-02-30' is invalid\. must be a date/);
  });

  // In-process: each run of the binary costs seconds of start-up, and these checks sit in the command itself.
  test('a hold-out needs a calibration end before it', () => {
    const file = join(dir, 'good.txt');
    writeFileSync(file, 'ann 1997-01-01 10\nann 1997-01-15 12\n');
    const refused = (options: ClvFitOptions, message: RegExp) =>
      assert.throws(
        () => clvFitCommand(options),
        (error: unknown) =>
          error instanceof AppError && error.code === 'validation_failed' && message.test(error.message),
      );
    refused({ transactions: file, holdoutEnd: parseDay('1997-03-01') }, /--holdout-end needs --calibration-end/);
    refused(
      { transactions: file, calibrationEnd: parseDay('1997-02-01'), holdoutEnd: parseDay('1997-01-20') },
      /hold-out end 1997-01-20 must come after the calibration end 1997-02-01/,
    );
  });
});
