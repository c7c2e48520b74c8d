import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestClock, DAY_MS } from '../core/clock.js';
import { openDatabase } from '../db/client.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createJobRunner, listJobs, retryJob } from '../jobs/index.js';
import { createWorkspace } from '../workspaces/index.js';
import {
  createDomainEventRetryJob,
  createDomainEventsCleanupJob,
  dispatchPending,
  emitDomainEvents,
  listConsumerCursors,
  RETRY_ATTEMPTS,
  RETRY_JOB_TYPE,
  startDomainEventDispatcher,
  type DomainEvent,
  type DomainEventConsumer,
  type DomainEventType,
  type NewDomainEvent,
} from './index.js';
import { drainDomainEvents } from './testing/drain-domain-events.js';

let handle: TestDatabase;
let workspaceId: string;
before(async () => {
  handle = await createTestDatabase();
  workspaceId = (await createWorkspace(handle.db, 'Outbox')).id;
});
after(() => handle.close());
beforeEach(async () => {
  await handle.db.deleteFrom('domain_events').execute();
  await handle.db.deleteFrom('domain_event_cursors').execute();
  await handle.db.deleteFrom('jobs').execute();
});

/** A consumer that records what it was handed, in order. */
function recordingConsumer(name: string, eventTypes: DomainEventType[], overrides: Partial<DomainEventConsumer> = {}) {
  const seen: DomainEvent[] = [];
  const consumer: DomainEventConsumer = {
    name,
    eventTypes,
    handle: async (_trx, events) => {
      seen.push(...events);
    },
    ...overrides,
  };
  return { consumer, seen };
}

const noteAdded = (accountId: string, noteId: string): NewDomainEvent => ({
  type: 'note.added',
  workspaceId,
  accountId,
  payload: { noteId },
});

async function emitEach(events: NewDomainEvent[]) {
  for (const event of events) await handle.db.transaction().execute((trx) => emitDomainEvents(trx, [event]));
}

describe('emitting', () => {
  test('needs the transaction of the change, and a rolled-back change leaves no event', async () => {
    await assert.rejects(emitDomainEvents(handle.db, [noteAdded(randomUUID(), 'n1')]), /needs the transaction/);
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await emitDomainEvents(trx, [noteAdded(randomUUID(), 'n1')]);
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    const { consumer, seen } = recordingConsumer('notes-reader', ['note.added']);
    assert.equal(await drainDomainEvents(handle.db, [consumer]), 0);
    assert.deepEqual(seen, []);
  });
});

describe('delivery', () => {
  test('a consumer gets each event of its types once, and nothing again once it committed', async () => {
    const account = randomUUID();
    await emitEach([
      noteAdded(account, 'n1'),
      { type: 'task.created', workspaceId, accountId: account, payload: { taskId: 't1' } },
      noteAdded(account, 'n2'),
    ]);
    const { consumer, seen } = recordingConsumer('notes-reader', ['note.added']);
    assert.equal(await drainDomainEvents(handle.db, [consumer]), 2);
    assert.deepEqual(
      seen.map((event) => [event.type, event.accountId, event.payload]),
      [
        ['note.added', account, { noteId: 'n1' }],
        ['note.added', account, { noteId: 'n2' }],
      ],
    );
    assert.equal(await drainDomainEvents(handle.db, [consumer]), 0, 'a second pass hands over nothing');
    assert.equal(seen.length, 2);
  });

  test("a consumer's writes and its processed mark commit together: a batch that throws is handed over again", async () => {
    await emitEach([noteAdded(randomUUID(), 'n1')]);
    let calls = 0;
    const flaky: DomainEventConsumer = {
      name: 'flaky',
      eventTypes: ['note.added'],
      handle: async (trx) => {
        calls += 1;
        await trx.insertInto('workspaces').values({ name: `written by attempt ${calls}` }).execute();
        if (calls === 1) throw new Error('not yet');
      },
    };
    const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
    assert.equal(await drainDomainEvents(handle.db, [flaky], clock), 0);
    const runner = createJobRunner({ db: handle.db, handlers: [createDomainEventRetryJob([flaky])], clock });
    clock.advance(1000);
    assert.deepEqual(await runner.runDue(), { claimed: 1, done: 1, retried: 0, failed: 0 });
    const written = await handle.db.selectFrom('workspaces').select('name').where('name', 'like', 'written by%').execute();
    assert.deepEqual(written.map((row) => row.name), ['written by attempt 2'], 'the failed attempt wrote nothing');
    assert.equal(await drainDomainEvents(handle.db, [flaky], clock), 0);
    assert.equal(calls, 2);
  });

  test("an account's events arrive in the order they were written, across transactions and batches", async () => {
    const accounts = [randomUUID(), randomUUID(), randomUUID()];
    const written = Array.from({ length: 30 }, (_, index) => noteAdded(accounts[index % 3]!, `n${index}`));
    await emitEach(written.slice(0, 12));
    await handle.db.transaction().execute((trx) => emitDomainEvents(trx, written.slice(12)));
    const { consumer, seen } = recordingConsumer('order', ['note.added']);
    assert.equal(await drainDomainEvents(handle.db, [consumer]), 30);
    for (const account of accounts) {
      const expected = written.filter((event) => event.accountId === account).map((event) => event.payload);
      const got = seen.filter((event) => event.accountId === account).map((event) => event.payload);
      assert.deepEqual(got, expected);
    }
  });

  test('an event of a transaction still open is not skipped by a cursor that moved past later ones', async (context) => {
    if (!handle.databaseUrl) return context.skip('PGlite runs one transaction at a time');
    const other = await openDatabase({ databaseUrl: handle.databaseUrl });
    try {
      const account = randomUUID();
      const { consumer, seen } = recordingConsumer('late-commit', ['note.added']);
      await drainDomainEvents(handle.db, [consumer]); // registers its cursors
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let emitted!: () => void;
      const firstEmitted = new Promise<void>((resolve) => (emitted = resolve));
      const slow = other.db.transaction().execute(async (trx) => {
        await emitDomainEvents(trx, [noteAdded(account, 'early')]);
        emitted();
        await released;
      });
      await firstEmitted;
      await emitEach([noteAdded(account, 'later')]);
      // One pass, as the dispatcher makes every 100 ms (a drain would wait for the transaction).
      assert.equal(await dispatchPending({ db: handle.db, consumers: [consumer] }), 0, 'nothing is final while the early transaction runs');
      release();
      await slow;
      assert.equal(await drainDomainEvents(handle.db, [consumer]), 2);
      assert.deepEqual(seen.map((event) => event.payload), [{ noteId: 'early' }, { noteId: 'later' }]);
    } finally {
      await other.close();
    }
  });
});

describe('a consumer that throws', () => {
  test('is retried with backoff, then shown failed with its error while other accounts go on', async () => {
    const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
    const poisoned = randomUUID();
    const attempts: string[] = [];
    const { consumer, seen } = recordingConsumer('picky', ['note.added'], {
      handle: async (_trx, events) => {
        if (events.some((event) => event.accountId === poisoned)) {
          attempts.push(clock.now().toISOString());
          throw new Error('cannot read this note');
        }
        seen.push(...events);
      },
    });
    // Another account in another partition keeps being served.
    let healthy = randomUUID();
    const partitionOf = async (accountId: string) => {
      await emitEach([noteAdded(accountId, 'probe')]);
      const row = await handle.db.selectFrom('domain_events').select('partition').where('account_id', '=', accountId).executeTakeFirstOrThrow();
      await handle.db.deleteFrom('domain_events').where('account_id', '=', accountId).execute();
      return row.partition;
    };
    while ((await partitionOf(healthy)) === (await partitionOf(poisoned))) healthy = randomUUID();

    await emitEach([noteAdded(poisoned, 'bad'), noteAdded(poisoned, 'after bad'), noteAdded(healthy, 'fine')]);
    await drainDomainEvents(handle.db, [consumer], clock);
    assert.deepEqual(seen.map((event) => event.payload), [{ noteId: 'fine' }]);

    const runner = createJobRunner({ db: handle.db, handlers: [createDomainEventRetryJob([consumer])], clock });
    for (let step = 0; step < 80; step += 1) {
      clock.advance(1000);
      await runner.runDue();
    }
    // The dispatcher's try at 0 s hands over to the retry job, due 1 s later; each failed
    // attempt of the job waits 1 s, 2 s, 4 s … (doubling) before the next.
    const offsets = attempts.map((at) => (Date.parse(at) - Date.parse('2026-03-02T09:00:00Z')) / 1000);
    assert.deepEqual(offsets, [0, 1, 2, 4, 8, 16, 32]);
    assert.equal(attempts.length, 1 + RETRY_ATTEMPTS);

    const failed = await listJobs(handle.db, { kind: 'operator' }, { state: 'failed' });
    assert.equal(failed.jobs.length, 1);
    assert.equal(failed.jobs[0]!.type, RETRY_JOB_TYPE);
    assert.equal(failed.jobs[0]!.lastError, 'Error: cannot read this note');
    const cursors = await listConsumerCursors(handle.db, ['picky']);
    assert.deepEqual(
      cursors.filter((cursor) => cursor.lastError).map((cursor) => cursor.lastError),
      ['Error: cannot read this note'],
    );
    await emitEach([noteAdded(healthy, 'still fine')]);
    await drainDomainEvents(handle.db, [consumer], clock);
    assert.deepEqual(seen.map((event) => event.payload), [{ noteId: 'fine' }, { noteId: 'still fine' }], 'the failed partition is left to its job');

    // Mended and retried: the waiting events follow, in order.
    consumer.handle = async (_trx, events) => {
      seen.push(...events);
    };
    await retryJob(handle.db, { kind: 'operator' }, failed.jobs[0]!.id, clock);
    assert.equal((await runner.runDue()).done, 1);
    assert.deepEqual(
      seen.filter((event) => event.accountId === poisoned).map((event) => event.payload),
      [{ noteId: 'bad' }, { noteId: 'after bad' }],
    );
    assert.ok((await listConsumerCursors(handle.db, ['picky'])).every((cursor) => cursor.lastError === null));
  });
});

describe('retention', () => {
  test('deletes old events every consumer of their type has passed, and keeps the rest', async () => {
    const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
    const reader = recordingConsumer('notes-reader', ['note.added']);
    const stuck = recordingConsumer('tasks-reader', ['task.created'], {
      handle: async () => {
        throw new Error('stuck');
      },
    });
    const account = randomUUID();
    await handle.db.transaction().execute((trx) =>
      emitDomainEvents(
        trx,
        [noteAdded(account, 'old note'), { type: 'task.created', workspaceId, accountId: account, payload: { taskId: 'old task' } }],
        clock,
      ),
    );
    await drainDomainEvents(handle.db, [reader.consumer, stuck.consumer], clock);
    clock.advance(31 * DAY_MS);
    await handle.db.transaction().execute((trx) => emitDomainEvents(trx, [noteAdded(account, 'new note')], clock));
    await drainDomainEvents(handle.db, [reader.consumer], clock);

    const cleanup = createJobRunner({ db: handle.db, handlers: [createDomainEventsCleanupJob(30)], clock });
    await cleanup.scheduleRecurring();
    await cleanup.runDue();
    const left = await handle.db.selectFrom('domain_events').select(['type', 'payload']).orderBy('id').execute();
    assert.deepEqual(
      left.map((row) => row.payload),
      [{ taskId: 'old task' }, { noteId: 'new note' }],
      'the old note went; the task its consumer never passed and the new note stay',
    );
  });
});

describe('dispatchers', () => {
  test('two dispatchers on their own connections hand each event over once', async () => {
    const second = handle.databaseUrl ? await openDatabase({ databaseUrl: handle.databaseUrl, poolSize: 4 }) : undefined;
    const counts = new Map<number, number>();
    const consumer: DomainEventConsumer = {
      name: 'counter',
      eventTypes: ['note.added'],
      handle: async (_trx, events) => {
        for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      },
    };
    const dispatchers = await Promise.all(
      [handle.db, second?.db ?? handle.db].map((db) => startDomainEventDispatcher({ db, consumers: [consumer], pollMs: 5 })),
    );
    try {
      const accounts = Array.from({ length: 20 }, () => randomUUID());
      for (let round = 0; round < 20; round += 1) {
        await handle.db
          .transaction()
          .execute((trx) => emitDomainEvents(trx, accounts.map((account) => noteAdded(account, `r${round}`))));
      }
      const handled = () => dispatchers[0]!.handled() + dispatchers[1]!.handled();
      // A pass counts what it handed over when it returns, a moment after the consumer ran.
      for (let wait = 0; wait < 2400 && (counts.size < 400 || handled() < 400); wait += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(counts.size, 400);
      assert.deepEqual([...new Set(counts.values())], [1]);
      assert.equal(handled(), 400);
    } finally {
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
      await second?.close();
    }
  });

  test('dispatchPending leaves a partition to its retry job once it failed', async () => {
    const { consumer } = recordingConsumer('always-fails', ['note.added'], {
      handle: async () => {
        throw new Error('down');
      },
    });
    await emitEach([noteAdded(randomUUID(), 'n1')]);
    await drainDomainEvents(handle.db, [consumer]);
    assert.equal(await dispatchPending({ db: handle.db, consumers: [consumer] }), 0);
    const queued = await listJobs(handle.db, { kind: 'operator' }, { state: 'queued' });
    assert.deepEqual(queued.jobs.map((job) => [job.type, job.attempts]), [[RETRY_JOB_TYPE, 0]]);
  });
});
