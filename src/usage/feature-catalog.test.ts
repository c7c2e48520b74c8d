import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { breadthByDay, catalogOn, featuresUsed, productCatalogSchema, proposedEventNames, type CatalogVersion } from './feature-catalog.js';
import { addDays } from './summarize-account-usage.js';

const v1: CatalogVersion = {
  version: 1,
  effectiveDay: '2026-01-01',
  catalog: {
    features: [
      { key: 'reports', name: 'Reports', group: 'Core', description: null, events: ['report_created', 'report_shared'] },
      { key: 'alerts', name: 'Alerts', group: 'Core', description: null, events: ['alert_configured'] },
    ],
    ignored: ['heartbeat'],
  },
};
const v2: CatalogVersion = {
  version: 2,
  effectiveDay: '2026-01-10',
  catalog: { ...v1.catalog, features: [...v1.catalog.features, { key: 'exports', name: 'Exports', group: null, description: null, events: ['export_downloaded'] }] },
};

describe('feature catalog (pure)', () => {
  test('the version in force on a day; none before the first', () => {
    assert.equal(catalogOn([v1, v2], '2025-12-31'), undefined);
    assert.equal(catalogOn([v1, v2], '2026-01-09')?.version, 1);
    assert.equal(catalogOn([v1, v2], '2026-01-10')?.version, 2);
    const sameDay = { ...v2, version: 3, effectiveDay: '2026-01-10' };
    assert.equal(catalogOn([v1, v2, sameDay], '2026-02-01')?.version, 3, 'two saves on one day: the later one');
  });

  test('event names count as features; unknown and ignored names count for nothing', () => {
    assert.deepEqual(featuresUsed(v1.catalog, ['report_shared', 'report_created', 'heartbeat', 'brand_new_event']), ['reports']);
    assert.deepEqual(featuresUsed(v1.catalog, ['alert_configured', 'report_created']), ['reports', 'alerts'], 'catalog order');
    assert.deepEqual(proposedEventNames(v1.catalog, ['brand_new_event', 'heartbeat', 'report_created', 'a_new_one', 'brand_new_event']), [
      'a_new_one',
      'brand_new_event',
    ]);
    assert.deepEqual(proposedEventNames(undefined, ['b', 'a']), ['a', 'b'], 'without a catalog every name waits for review');
  });

  test('breadth per day against the catalog of that day (hand-computed, 3-day window)', () => {
    // Day by day: 01-08 report_created; 01-09 export_downloaded + brand_new; 01-10 alert_configured; 01-11 nothing.
    const namesByDay = new Map([
      ['2026-01-08', ['report_created']],
      ['2026-01-09', ['export_downloaded', 'brand_new']],
      ['2026-01-10', ['alert_configured']],
    ]);
    const result = breadthByDay({ versions: [v1, v2], namesByDay, days: ['2025-12-31', '2026-01-09', '2026-01-10', '2026-01-11', '2026-01-13'], windowDays: 3, addDays });
    assert.deepEqual(result, [
      { day: '2025-12-31', used: null, available: null }, // no catalog yet
      { day: '2026-01-09', used: 1, available: 2 }, // v1: reports (exports not in v1, brand_new never)
      { day: '2026-01-10', used: 3, available: 3 }, // v2: reports (01-08), exports (01-09), alerts (01-10)
      { day: '2026-01-11', used: 2, available: 3 }, // 01-09..01-11: exports, alerts
      { day: '2026-01-13', used: 0, available: 3 }, // 01-11..01-13: nothing
    ]);
  });

  test('a catalog names each event once and keeps keys unique; the failing path is named', () => {
    const twice = productCatalogSchema.safeParse({
      features: [
        { key: 'a', name: 'A', events: ['x'] },
        { key: 'a', name: 'B', events: ['x'] },
      ],
      ignored: ['x'],
    });
    assert.equal(twice.success, false);
    const paths = twice.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    assert.deepEqual(paths, ['features.1.key: "a" is used twice', 'features.1.events.0: "x" already belongs to "a"', 'ignored.0: "x" belongs to "a"; it cannot be ignored too']);
    assert.equal(productCatalogSchema.safeParse({ features: [{ key: 'Bad Key', name: 'A', events: ['x'] }] }).success, false);
    assert.equal(productCatalogSchema.safeParse({ features: [{ key: 'a', name: 'A', events: [] }] }).success, false);
  });
});
