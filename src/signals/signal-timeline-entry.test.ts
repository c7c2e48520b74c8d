import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIGNAL_TYPES } from './signals.schema.js';
import { SIGNAL_TYPE_LABELS, signalTimelineBody, signalTimelineTitle } from './signal-timeline-entry.js';

test('titles lead with the kind of signal', () => {
  const cases: Array<[Parameters<typeof signalTimelineTitle>[0], string]> = [
    ['vendor_review', 'Vendor review: CEO announces vendor review'],
    ['leadership_change', 'Leadership change: CEO announces vendor review'],
    ['layoff', 'Layoffs: CEO announces vendor review'],
    ['other', 'Outside signal: CEO announces vendor review'],
  ];
  for (const [type, expected] of cases)
    assert.equal(signalTimelineTitle(type, 'CEO announces vendor review'), expected);
  for (const type of SIGNAL_TYPES) assert.ok(SIGNAL_TYPE_LABELS[type], `${type} has a label`);
});

test('bodies hold the text and the source', () => {
  const cases: Array<[string | null, string | null, string | null]> = [
    ['Quote from the call', 'https://news.example/a', 'Quote from the call\n\nSource: https://news.example/a'],
    ['Quote', null, 'Quote'],
    [null, 'https://news.example/a', 'Source: https://news.example/a'],
    ['  ', null, null],
    [null, null, null],
  ];
  for (const [text, url, expected] of cases) assert.equal(signalTimelineBody(text, url), expected, `${text} ${url}`);
});
