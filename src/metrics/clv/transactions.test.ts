import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { summarizeTransactions } from './customer-summary.js';
import { parseDay, parseTransactions } from './transactions.js';

const day = (text: string) => parseDay(text)!;

describe('reading transaction files', () => {
  test('the three layouts: customer date amount (commas), CDNOW_master (header, 4 fields), CDNOW_sample (5 fields)', () => {
    assert.deepEqual(parseTransactions('c1,1997-01-01,11.77\r\nc1, 1997-01-18 ,29.73\n'), [
      { customer: 'c1', day: day('1997-01-01'), amount: 11.77 },
      { customer: 'c1', day: day('1997-01-18'), amount: 29.73 },
    ]);
    assert.deepEqual(
      parseTransactions(' customer_id  date number_of_cds  dollar_value\r\n 00002 19970112  5   77.00\r\n'),
      [{ customer: '00002', day: day('1997-01-12'), amount: 77 }],
    );
    assert.deepEqual(parseTransactions(' 00004 0001 19970101  2   29.33\r\n\r\n 00004 0001 19970118  2   29.73\r\n'), [
      { customer: '00004', day: day('1997-01-01'), amount: 29.33 },
      { customer: '00004', day: day('1997-01-18'), amount: 29.73 },
    ]);
  });

  test('a header with other column order and names', () => {
    assert.deepEqual(parseTransactions('order_date,revenue,customer\n2024-02-29,10,ann\n'), [
      { customer: 'ann', day: day('2024-02-29'), amount: 10 },
    ]);
  });

  const refused = (text: string, message: RegExp) =>
    assert.throws(
      () => parseTransactions(text),
      (error: unknown) =>
        error instanceof AppError && error.code === 'validation_failed' && message.test(error.message),
    );

  test('bad rows are refused with the line number', () => {
    refused('a 19970101 1.00\nb 19971301 2.00\n', /^Line 2: "19971301" is not a date/);
    refused('a 19970101 1.00\n\nb 19970230 2.00\n', /^Line 3: "19970230" is not a date/);
    refused('a 19970101 1.00\nb 19970102 lots\n', /^Line 2: the amount "lots" is not a number/);
    refused('a 19970101 1.00\nb 19970102 -3\n', /^Line 2: the amount "-3"/);
    refused('a 19970101 1.00\nb 19970102\n', /^Line 2: expected 3 fields like the first row, got 2/);
    refused('who when what\na 19970101 1\n', /^Line 1: cannot tell the columns from the header "who when what"/);
    refused('a b c d e 19970101\n', /^Line 1: 6 fields/);
    refused('\n\n', /holds no transactions/);
  });
});

describe('customer histories (x, t_x, T in weeks)', () => {
  const rows = parseTransactions(
    [
      'ann 1997-01-01 10', // first purchase, two rows on one day …
      'ann 1997-01-01 5',
      'ann 1997-01-15 20', // … a repeat two weeks later, also split in two rows
      'ann 1997-01-15 4',
      'ann 1997-02-05 7', // after the calibration end: hold-out
      'ann 1997-03-10 9', // after the hold-out end: ignored
      'bob 1997-01-22 3', // one purchase only
      'cat 1997-02-01 8', // first purchase after the calibration end: not in the cohort
    ].join('\n'),
  );

  test('same-day purchases are one purchase with the amounts added', () => {
    const summary = summarizeTransactions(rows, { calibrationEnd: day('1997-01-29'), holdoutEnd: day('1997-02-28') });
    assert.deepEqual(summary.customers, [
      // x = 1 (Jan 15), t_x = 14 days = 2 weeks, T = 28 days = 4 weeks; mean repeat amount 20 + 4.
      { customer: 'ann', x: 1, tx: 2, T: 4, meanRepeatAmount: 24, holdoutRepeats: 1 },
      { customer: 'bob', x: 0, tx: 0, T: 1, meanRepeatAmount: undefined, holdoutRepeats: 0 },
    ]);
    assert.equal(summary.mergedRows, 2);
    assert.equal(summary.customersAfterCalibration, 1);
    assert.equal(summary.purchasesIgnored, 1);
  });

  test('without a calibration end the last purchase ends it; a hold-out must come after it', () => {
    const summary = summarizeTransactions(rows);
    assert.equal(summary.calibrationEnd, day('1997-03-10'));
    assert.deepEqual(
      summary.customers.map(({ customer, x }) => [customer, x]),
      [
        ['ann', 3],
        ['bob', 0],
        ['cat', 0],
      ],
    );
    assert.throws(
      () => summarizeTransactions(rows, { calibrationEnd: day('1997-02-01'), holdoutEnd: day('1997-02-01') }),
      /hold-out end 1997-02-01 must come after the calibration end 1997-02-01/,
    );
    assert.throws(
      () => summarizeTransactions(rows, { calibrationEnd: day('1996-12-31') }),
      /No customer made a first purchase on or before the calibration end 1996-12-31/,
    );
  });
});
