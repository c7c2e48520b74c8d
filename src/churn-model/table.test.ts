import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../core/errors.js';
import { buildChurnTable, parseCsvText } from './table.js';

const CSV = [
  '\uFEFFid,plan,seats,spend,region,Churned',
  'a1,pro,3,10.5,"North, East",Yes',
  'a2,basic, 1 , ,South,No',
  'a3,,2,7,South,no-value-here',
  'a4,pro,5,NA,South,',
].join('\r\n');

describe('parseCsvText', () => {
  test('reads quoted cells, CRLF and a byte-order mark', () => {
    const { header, rows } = parseCsvText(CSV);
    assert.deepEqual(header, ['id', 'plan', 'seats', 'spend', 'region', 'Churned']);
    assert.equal(rows[0]![4], 'North, East');
  });

  test('refuses ragged rows with a readable message', () => {
    assert.throws(
      () => parseCsvText('a,b\n1,2,3\n'),
      (error: AppError) => error.code === 'validation_failed',
    );
  });
});

describe('buildChurnTable', () => {
  const rows = [
    ['a1', 'pro', '3', '10.5', 'North', 'Yes'],
    ['a2', 'basic', ' 1 ', ' ', 'South', 'No'],
    ['a3', '', '2', '7', 'South', 'No'],
    ['a4', 'pro', '5', 'NA', 'South', ''],
  ];
  const header = ['id', 'plan', 'seats', 'spend', 'region', 'Churned'];

  test('infers numeric columns with blanks as missing, categorical ones, and yes/no targets', () => {
    const table = buildChurnTable({ header, rows, target: 'Churned', id: 'id' });
    assert.equal(table.positive, 'Yes');
    assert.deepEqual(Array.from(table.labels), [1, 0, 0]);
    assert.equal(table.droppedRows, 1); // a4: blank target
    assert.deepEqual(table.ids, ['a1', 'a2', 'a3']);
    assert.deepEqual(
      table.features.map((column) => [column.name, column.kind]),
      [
        ['plan', 'categorical'],
        ['seats', 'numeric'],
        ['spend', 'numeric'],
        ['region', 'categorical'],
      ],
    );
    const [plan, seats, spend] = table.features;
    assert.deepEqual(plan!.kind === 'categorical' && [plan!.levels, Array.from(plan!.codes)], [
      ['basic', 'pro'],
      [1, 0, -1],
    ]);
    assert.deepEqual(seats!.kind === 'numeric' && Array.from(seats!.values), [3, 1, 2]);
    assert.deepEqual(spend!.kind === 'numeric' && Array.from(spend!.values), [10.5, NaN, 7]);
  });

  test('leaves out single-value and identifier-like columns, saying why', () => {
    const many = Array.from({ length: 30 }, (_, i) => [`user-${i}`, 'same', String(i % 2), i % 3 ? 'yes' : 'no']);
    const table = buildChurnTable({ header: ['email', 'constant', 'flag', 'left'], rows: many, target: 'left' });
    assert.deepEqual(
      table.features.map((column) => column.name),
      ['flag'],
    );
    assert.deepEqual(table.droppedColumns, [
      { column: 'email', reason: 'identifier-like (30 values in 30 cells)' },
      { column: 'constant', reason: 'a single value' },
    ]);
    assert.equal(table.ids, undefined);
  });

  test('takes --positive as given and infers 0/1 targets', () => {
    const zeroOne = buildChurnTable({
      header: ['x', 'y'],
      rows: [
        ['1', '0'],
        ['2', '1'],
      ],
      target: 'y',
    });
    assert.equal(zeroOne.positive, '1');
    const given = buildChurnTable({
      header: ['x', 'y'],
      rows: [
        ['1', 'lost'],
        ['2', 'kept'],
      ],
      target: 'y',
      positive: 'lost',
    });
    assert.deepEqual(Array.from(given.labels), [1, 0]);
  });

  test('bad input gives a readable validation error', () => {
    const cases: [Parameters<typeof buildChurnTable>[0], RegExp][] = [
      [{ header, rows, target: 'nope' }, /No column "nope"/],
      [{ header, rows, target: 'seats' }, /exactly two values; it has 4/],
      [{ header, rows, target: 'Churned', positive: 'Maybe' }, /"Maybe" is not a value/],
      [
        {
          header: ['x', 'y'],
          rows: [
            ['1', 'lost'],
            ['2', 'kept'],
          ],
          target: 'y',
        },
        /--positive/,
      ],
      [{ header, rows, target: 'Churned', id: 'missing' }, /No id column/],
      [{ header, rows: [['a1', 'pro']], target: 'Churned' }, /Row 2 has 2 cells/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => buildChurnTable(options),
        (error: AppError) => error.code === 'validation_failed' && message.test(error.detail),
      );
    }
  });
});
