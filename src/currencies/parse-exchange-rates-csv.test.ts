import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExchangeRatesCsv } from './parse-exchange-rates-csv.js';

test('rates are read from CSV, codes upper-cased and rates kept as exact decimals', () => {
  const csv = '\uFEFFCurrency,Effective_Date,Rate\neur,2026-01-01,1.08\nGBP,2026-01-01,1.27123456\n\n';
  assert.deepEqual(parseExchangeRatesCsv(csv), {
    rates: [
      { currency: 'EUR', effectiveDate: '2026-01-01', rate: '1.08' },
      { currency: 'GBP', effectiveDate: '2026-01-01', rate: '1.27123456' },
    ],
  });
});

test('a bad row refuses the whole file, naming its line', () => {
  assert.throws(() => parseExchangeRatesCsv('currency,date,rate\nEUR,2026-01-01,1.08\nEURO,2026-02-01,-1\n'), (error: Error) => {
    assert.match(error.message, /line 3 currency/);
    assert.match(error.message, /line 3 rate/);
    return true;
  });
});
