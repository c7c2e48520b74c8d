import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectFormat, readCsv, readJsonArray, readJsonLines, type SourceItem } from './read-import-rows.js';

const all = async (items: AsyncIterable<SourceItem>) => {
  const seen: SourceItem[] = [];
  for await (const item of items) seen.push(item);
  return seen;
};

describe('reading import files', () => {
  test('CSV: BOM, quotes, embedded newlines; rows counted from the first data row; a short row is an error', async () => {
    const text = '\ufeffAccount ID,Account Name\n1,"Globex, Inc."\n2,"Two\nlines"\n3\n';
    assert.deepEqual(await all(readCsv([Buffer.from(text)])), [
      { type: 'columns', columns: ['Account ID', 'Account Name'] },
      { type: 'row', row: { row: 1, record: { 'Account ID': '1', 'Account Name': 'Globex, Inc.' } } },
      { type: 'row', row: { row: 2, record: { 'Account ID': '2', 'Account Name': 'Two\nlines' } } },
      { type: 'error', error: { row: 3, column: null, reason: 'has 1 fields; the header has 2' } },
    ]);
  });

  test('CSV: the footer of a Salesforce report export is not data', async () => {
    const text = '"Account ID","Account Name"\n"1","Acme"\n\n"Accounts report"\n"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."\n';
    const items = await all(readCsv([text]));
    assert.equal(items.filter((item) => item.type !== 'columns').length, 1);
  });

  test('CSV: a header naming a column twice is read; broken quoting stops the import with a readable error', async () => {
    // A header naming a column twice is read (HubSpot exports do); the first cell is the column's value.
    assert.deepEqual(await all(readCsv(['a,A\n1,2\n'])), [
      { type: 'columns', columns: ['a', 'A'] },
      { type: 'row', row: { row: 1, record: { a: '1', A: '2' } } },
    ]);
    await assert.rejects(all(readCsv(['a,b\n1,"2\n'])), /not valid CSV/);
  });

  test('JSON lines: line numbers, blank lines skipped, bad lines reported', async () => {
    const text = '{"externalId":"1"}\n\nnot json\n[1]\n{"externalId":"2","name":"B"}\n';
    const items = await all(readJsonLines([text]));
    assert.deepEqual(items[0], { type: 'columns', columns: ['externalId'] });
    assert.deepEqual(items.slice(1).map((item) => (item.type === 'row' ? item.row.row : item.type === 'error' ? `error ${item.error.row}` : '')), [1, 'error 3', 'error 4', 5]);
  });

  test('JSON arrays number rows from 1', async () => {
    const items = await all(readJsonArray([{ a: 1 }, { a: 2 }]));
    assert.deepEqual(items.map((item) => item.type), ['columns', 'row', 'row']);
  });

  test('formats from file names and content types', () => {
    assert.equal(detectFormat('export.CSV'), 'csv');
    assert.equal(detectFormat('text/csv; charset=utf-8'), 'csv');
    assert.equal(detectFormat('events.jsonl'), 'jsonl');
    assert.equal(detectFormat('application/x-ndjson'), 'jsonl');
    assert.equal(detectFormat('data.xlsx'), undefined);
  });
});
