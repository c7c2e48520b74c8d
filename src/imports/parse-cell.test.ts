import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { boolean, cellText, choice, currency, date, dateTime, domain, email, integer, money, tagList, text, type CellParser } from './parse-cell.js';

const cases: [string, CellParser<unknown>, string, unknown][] = [
  // [name, parser, cell, value or 'error: <part of reason>']
  ['text within limit', text(5), 'Acme', 'Acme'],
  ['text too long', text(3), 'Acme', 'error: longer than 3'],
  ['email lower-cased', email, 'John.Smith@Acme.example', 'john.smith@acme.example'],
  ['email without domain', email, 'john@', 'error: not an email'],
  ['domain from a Salesforce Website URL', domain, 'https://www.Acme.example/about?x=1', 'acme.example'],
  ['domain as written by HubSpot', domain, 'globex.example', 'globex.example'],
  ['domain with a port', domain, 'http://intranet.example:8080', 'intranet.example'],
  ['not a domain', domain, 'n/a', 'error: not a web domain'],
  ['integer with thousands separator', integer(0, 10_000_000), '1,200', 1200],
  ['integer as a JSON number', integer(0, 100), '42', 42],
  ['integer with decimals', integer(0, 100), '4.5', 'error: whole number'],
  ['integer out of range', integer(0, 100), '-1', 'error: between 0 and 100'],
  ['money with symbol and cents', money(1e9), '$1,200.50', 1200.5],
  ['money with currency code', money(1e9), 'USD 600.00', 600],
  ['money negative', money(1e9), '-5', 'error: between 0'],
  ['money words', money(1e9), 'free', 'error: must be an amount'],
  ['ISO date', date, '2025-01-31', '2025-01-31'],
  ['ISO timestamp keeps the written day', date, '2025-01-31T23:30:00-08:00', '2025-01-31'],
  ['HubSpot date-time', date, '2023-04-02 10:15', '2023-04-02'],
  ['US date from a Salesforce report', date, '1/31/2025', '2025-01-31'],
  ['impossible date', date, '2/30/2025', 'error: must be a date'],
  ['day-first date refused', date, '31/01/2025', 'error: must be a date'],
  ['boolean yes', boolean, 'Yes', true],
  ['boolean 0', boolean, '0', false],
  ['boolean maybe', boolean, 'maybe', 'error: true or false'],
  ['currency upper-cased', currency, 'eur', 'EUR'],
  ['currency symbol', currency, '$', 'error: 3-letter'],
  ['choice by words', choice(['economic_buyer', 'champion'] as const), 'Economic Buyer', 'economic_buyer'],
  ['choice by synonym', choice(['active', 'cancelled'] as const, { closed_won: 'active' }), 'Closed Won', 'active'],
  ['choice unknown', choice(['active'] as const), 'Pending', 'error: one of active'],
  ['timestamp with zone', dateTime, '2025-01-31T09:00:00+02:00', new Date('2025-01-31T07:00:00Z')],
  ['HubSpot date-time read as UTC', dateTime, '2023-04-02 10:15', new Date('2023-04-02T10:15:00Z')],
  ['bare date is midnight UTC', dateTime, '2025-05-04', new Date('2025-05-04T00:00:00Z')],
  ['Salesforce date-time', dateTime, '6/15/2025 9:12 PM', new Date('2025-06-15T21:12:00Z')],
  ['12 AM is midnight', dateTime, '6/15/2025 12:05 AM', new Date('2025-06-15T00:05:00Z')],
  ['impossible date-time', dateTime, '2025-02-30 10:00', 'error: date and time'],
  ['Zendesk tags', tagList, 'billing  urgent,vip', ['billing', 'urgent', 'vip']],
];

describe('parsing cells of CRM exports', () => {
  for (const [name, parse, cell, expected] of cases) {
    test(name, () => {
      const result = parse(cell);
      if (typeof expected === 'string' && expected.startsWith('error: ')) {
        assert.equal(result.ok, false);
        assert.match((result as { reason: string }).reason, new RegExp(expected.slice(7)));
      } else {
        assert.deepEqual(result, { ok: true, value: expected });
      }
    });
  }

  test('cells: empty means no value; JSON numbers and booleans are read as text; lists are refused', () => {
    assert.deepEqual(cellText('  '), { ok: true, value: null });
    assert.deepEqual(cellText(undefined), { ok: true, value: null });
    assert.deepEqual(cellText(' Acme '), { ok: true, value: 'Acme' });
    assert.deepEqual(cellText(12), { ok: true, value: '12' });
    assert.deepEqual(cellText(false), { ok: true, value: 'false' });
    assert.equal(cellText(['a']).ok, false);
  });

  test('cells PostgreSQL cannot store are refused with a reason, not the database error', () => {
    assert.deepEqual(cellText('Ac\u0000me'), { ok: false, reason: 'must not contain NUL (\\u0000) characters' });
    assert.equal(cellText('Ac\ud800me').ok, false);
    assert.equal(date('0000-01-01').ok, false);
    assert.equal(date('0999-12-31').ok, false);
    assert.deepEqual(date('1000-01-01'), { ok: true, value: '1000-01-01' });
  });
});
