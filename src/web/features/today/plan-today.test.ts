import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, daysFrom, renewalsAhead, splitTasks } from './plan-today.js';

const TODAY = '2026-12-05';

describe('the Today page’s lists', () => {
  test('open tasks split into overdue and due within the week; done, cancelled and undated ones drop out', () => {
    const tasks = [
      { id: 'a', status: 'open', dueDate: '2026-12-04' },
      { id: 'b', status: 'in_progress', dueDate: '2026-11-20' },
      { id: 'c', status: 'done', dueDate: '2026-12-01' },
      { id: 'd', status: 'open', dueDate: '2026-12-05' },
      { id: 'e', status: 'open', dueDate: '2026-12-11' },
      { id: 'f', status: 'open', dueDate: '2026-12-12' },
      { id: 'g', status: 'open', dueDate: null },
      { id: 'h', status: 'cancelled', dueDate: '2026-12-06' },
    ];
    const { overdue, dueSoon } = splitTasks(tasks, TODAY);
    assert.deepEqual(overdue.map((task) => task.id), ['b', 'a']);
    // Today through Dec 11 is seven days; Dec 12 is next week.
    assert.deepEqual(dueSoon.map((task) => task.id), ['d', 'e']);
  });

  test('renewals from today through 90 days ahead, soonest first', () => {
    const accounts = [
      { name: 'Past', renewalDate: '2026-12-04' },
      { name: 'Edge', renewalDate: '2027-03-05' },
      { name: 'Beyond', renewalDate: '2027-03-06' },
      { name: 'Today', renewalDate: '2026-12-05' },
      { name: 'None', renewalDate: null },
      { name: 'January', renewalDate: '2027-01-15' },
    ];
    assert.equal(addDays(TODAY, 90), '2027-03-05');
    assert.deepEqual(renewalsAhead(accounts, TODAY).map((account) => account.name), ['Today', 'January', 'Edge']);
  });

  test('days until a date count calendar days', () => {
    assert.equal(daysFrom(TODAY, '2027-01-15'), 41);
    assert.equal(daysFrom(TODAY, '2026-12-01'), -4);
  });
});
