import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountCsvHeader, accountCsvLine, csvField } from './accounts-csv.js';

test('fields are quoted only when they must be, and formulas stay text', () => {
  assert.equal(csvField('Acme'), 'Acme');
  assert.equal(csvField('Acme, Inc.'), '"Acme, Inc."');
  assert.equal(csvField('The "Best" Co'), '"The ""Best"" Co"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(199584.5), '199584.5');
  assert.equal(csvField(null), '');
});

test('a row follows the header’s columns', () => {
  assert.equal(accountCsvHeader(), 'id,name,domain,owner,segment,lifecycle_stage,arr,currency,contracts_without_rate,renewal_date,churn_reason\r\n');
  const line = accountCsvLine({
    id: 'a1', name: 'Kafe Berlin', domain: null, owner: 'Dana', segment: 'smb', lifecycle_stage: 'Churned', arr: 0, currency: 'USD',
    contracts_without_rate: 1, renewal_date: null, churn_reason: 'Moved to a competitor',
  });
  assert.equal(line, 'a1,Kafe Berlin,,Dana,smb,Churned,0,USD,1,,Moved to a competitor\r\n');
});
