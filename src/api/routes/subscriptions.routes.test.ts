import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

type Movement = {
  kind: string;
  amount: number;
  arrBefore: number;
  arrAfter: number;
  occurredOn: string;
  subscriptionId: string;
};

describe('subscriptions API and the ARR ledger', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;

  /** Rows in every table a contract write touches, to prove a refused write left nothing. */
  const footprint = async () => {
    const count = async (
      table: 'subscriptions' | 'subscription_items' | 'arr_movements' | 'audit_log' | 'timeline_entries',
    ) =>
      Number(
        (
          await t.handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      subscriptions: await count('subscriptions'),
      items: await count('subscription_items'),
      movements: await count('arr_movements'),
      audit: await count('audit_log'),
      timeline: await count('timeline_entries'),
    };
  };
  const account = async (id: string) => (await viewer.get(`/api/accounts/${id}`)).json();
  const ledger = async (id: string): Promise<Movement[]> =>
    (await viewer.get(`/api/accounts/${id}/arr-movements`)).json().data;
  const latestTimelineTitle = async (id: string) =>
    (await viewer.get(`/api/accounts/${id}/timeline?limit=1`)).json().data[0].title;
  const newAccount = async (name: string) =>
    (await admin.post('/api/accounts', { name, ownerId: csm.userId })).json() as { id: string };
  const contract = {
    startDate: '2025-01-01',
    endDate: '2025-12-31',
    items: [{ product: 'Platform', seats: 10, unitPrice: 1200 }],
  };

  before(async () => {
    t = await startApiTest();
    ({ admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
  });
  after(() => t.close());

  test('a customer’s life in the ledger: new → expansion → contraction → churn → reactivation', async () => {
    const initech = await newAccount('Initech');

    // Jan: 10 seats × $1,200 = $12,000.
    const signed = await csm.post(`/api/accounts/${initech.id}/subscriptions`, {
      externalId: 'sub_1001',
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      autoRenew: true,
      items: [{ product: 'Platform', seats: 10, unitPrice: 1200 }],
      effectiveDate: '2025-01-01',
    });
    assert.equal(signed.statusCode, 201, signed.body);
    const platform = signed.json();
    const { id, items, ...terms } = platform;
    assert.ok(id);
    assert.deepEqual(terms, {
      accountId: initech.id,
      externalId: 'sub_1001',
      status: 'active',
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      autoRenew: true,
      currency: 'USD',
      arr: 12_000,
      pricing: { model: 'committed', metric: null, unitPrice: null, windowDays: null },
      usage: null,
    });
    assert.deepEqual(
      items.map((item: { product: string; seats: number; unitPrice: number; arr: number }) => [
        item.product,
        item.seats,
        item.unitPrice,
        item.arr,
      ]),
      [['Platform', 10, 1200, 12_000]],
    );
    assert.deepEqual(
      [(await account(initech.id)).arr, (await account(initech.id)).renewalDate],
      [12_000, '2025-12-31'],
    );
    assert.equal(await latestTimelineTitle(initech.id), 'Contract signed — New: ARR $0 → $12,000');

    // Apr: 15 seats × $1,200 + Analytics 5 × $600 = $18,000 + $3,000 = $21,000.
    const expanded = await csm.patch(`/api/subscriptions/${platform.id}`, {
      items: [
        { product: 'Platform', seats: 15, unitPrice: 1200 },
        { product: 'Analytics', seats: 5, unitPrice: 600 },
      ],
      effectiveDate: '2025-04-01',
    });
    assert.equal(expanded.statusCode, 200, expanded.body);
    assert.equal(expanded.json().arr, 21_000);
    assert.deepEqual(
      expanded.json().items.map((i: { product: string; arr: number }) => [i.product, i.arr]),
      [
        ['Analytics', 3_000],
        ['Platform', 18_000],
      ],
    );
    assert.equal(await latestTimelineTitle(initech.id), 'Contract changed — Expansion: ARR $12,000 → $21,000');

    // Sep: Platform cut to 12 seats: $14,400 + $3,000 = $17,400.
    await csm.patch(`/api/subscriptions/${platform.id}`, {
      items: [
        { product: 'Platform', seats: 12, unitPrice: 1200 },
        { product: 'Analytics', seats: 5, unitPrice: 600 },
      ],
      effectiveDate: '2025-09-01',
    });
    assert.equal((await account(initech.id)).arr, 17_400);

    // Oct: auto-renew switched off; ARR does not move, so the ledger does not either.
    const noRenew = await csm.patch(`/api/subscriptions/${platform.id}`, {
      autoRenew: false,
      effectiveDate: '2025-10-01',
    });
    assert.equal(noRenew.json().autoRenew, false);
    assert.equal(await latestTimelineTitle(initech.id), 'Contract changed — ARR unchanged at $17,400');

    // Dec 31: cancelled; no active contract is left, so no ARR and no renewal date.
    const cancelled = await csm.patch(`/api/subscriptions/${platform.id}`, {
      status: 'cancelled',
      effectiveDate: '2025-12-31',
    });
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal(cancelled.json().arr, 17_400, 'the contract keeps its value; the account stops counting it');
    assert.deepEqual([(await account(initech.id)).arr, (await account(initech.id)).renewalDate], [0, null]);
    assert.equal(await latestTimelineTitle(initech.id), 'Contract cancelled — Churn: ARR $17,400 → $0');

    // Mar 2026: won back with 8 seats × $1,250 = $10,000.
    const winBack = (
      await csm.post(`/api/accounts/${initech.id}/subscriptions`, {
        startDate: '2026-03-01',
        endDate: '2027-02-28',
        items: [{ product: 'Platform', seats: 8, unitPrice: 1250 }],
        effectiveDate: '2026-03-01',
      })
    ).json();
    assert.deepEqual(
      [(await account(initech.id)).arr, (await account(initech.id)).renewalDate],
      [10_000, '2027-02-28'],
    );

    const movements = await ledger(initech.id);
    assert.deepEqual(
      movements.map((m) => [m.occurredOn, m.kind, m.amount, m.arrBefore, m.arrAfter, m.subscriptionId]),
      [
        ['2025-01-01', 'new', 12_000, 0, 12_000, platform.id],
        ['2025-04-01', 'expansion', 9_000, 12_000, 21_000, platform.id],
        ['2025-09-01', 'contraction', -3_600, 21_000, 17_400, platform.id],
        ['2025-12-31', 'churn', -17_400, 17_400, 0, platform.id],
        ['2026-03-01', 'reactivation', 10_000, 0, 10_000, winBack.id],
      ],
    );
    assert.equal(
      movements.reduce((sum, m) => sum + m.amount, 0),
      10_000,
      'the ledger sums to today’s ARR',
    );

    const listed = (await viewer.get(`/api/accounts/${initech.id}/subscriptions`)).json().data;
    assert.deepEqual(
      listed.map((s: { id: string; status: string }) => [s.id, s.status]),
      [
        [platform.id, 'cancelled'],
        [winBack.id, 'active'],
      ],
    );
    const audit = (await leader.get(`/api/audit-log?entityType=subscription&entityId=${platform.id}`)).json().data;
    assert.deepEqual(
      audit.map((e: { action: string }) => e.action),
      ['update', 'update', 'update', 'update', 'create'],
    );
    assert.equal(audit[0].before.status, 'active');
    assert.equal(audit[0].after.status, 'cancelled');
  });

  test('prices are rounded to cents half away from zero; the renewal date is the earliest active end date', async () => {
    const globex = await newAccount('Globex');
    const res = await csm.post(`/api/accounts/${globex.id}/subscriptions`, {
      startDate: '2025-02-01',
      endDate: '2026-01-31',
      items: [
        { product: 'Support', seats: 3, unitPrice: 33.335 }, // → $33.34 × 3 = $100.02
        { product: 'Platform', seats: 7, unitPrice: 1199.995 }, // → $1,200.00 × 7 = $8,400
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(
      res.json().items.map((i: { unitPrice: number; arr: number }) => [i.unitPrice, i.arr]),
      [
        [1200, 8400],
        [33.34, 100.02],
      ],
    );
    assert.equal(res.json().arr, 8500.02);

    // An add-on ending sooner moves the renewal date; a cancelled one (history) counts for nothing.
    await csm.post(`/api/accounts/${globex.id}/subscriptions`, {
      ...contract,
      startDate: '2025-06-01',
      endDate: '2025-11-30',
    });
    await csm.post(`/api/accounts/${globex.id}/subscriptions`, {
      ...contract,
      status: 'cancelled',
      startDate: '2024-01-01',
      endDate: '2024-12-31',
    });
    assert.deepEqual(
      [(await account(globex.id)).arr, (await account(globex.id)).renewalDate],
      [20_500.02, '2025-11-30'],
    );
    assert.deepEqual(
      (await ledger(globex.id)).map((m) => [m.kind, m.amount]),
      [
        ['new', 8500.02],
        ['expansion', 12_000],
      ],
    );
  });

  test('concurrent contract writes on one account still chain: each movement starts where the last ended', async () => {
    const wayne = await newAccount('Wayne Enterprises');
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((seats) =>
        csm.post(`/api/accounts/${wayne.id}/subscriptions`, {
          ...contract,
          items: [{ product: `Seat pack ${seats}`, seats, unitPrice: 1000 }],
        }),
      ),
    );
    assert.deepEqual(
      responses.map((res) => res.statusCode),
      [201, 201, 201, 201, 201],
    );
    const movements = await ledger(wayne.id);
    assert.equal(movements.length, 5);
    movements.forEach((m, index) =>
      assert.equal(m.arrBefore, index === 0 ? 0 : movements[index - 1]!.arrAfter, `movement ${index} chains`),
    );
    assert.equal(movements.at(-1)!.arrAfter, 15_000); // (1 + 2 + 3 + 4 + 5) seats × $1,000
    assert.equal((await account(wayne.id)).arr, 15_000);
  });

  test('another workspace gets 404 on every read and write, and nothing changes', async () => {
    const hooli = await newAccount('Hooli');
    const sub = (await csm.post(`/api/accounts/${hooli.id}/subscriptions`, contract)).json();
    const before = await footprint();
    const attempts = [
      await outsider.get(`/api/accounts/${hooli.id}/subscriptions`),
      await outsider.post(`/api/accounts/${hooli.id}/subscriptions`, contract),
      await outsider.get(`/api/subscriptions/${sub.id}`),
      await outsider.patch(`/api/subscriptions/${sub.id}`, { status: 'cancelled' }),
      await outsider.get(`/api/accounts/${hooli.id}/arr-movements`),
    ];
    assert.deepEqual(
      attempts.map((res) => res.statusCode),
      [404, 404, 404, 404, 404],
    );
    assert.equal(attempts[3]!.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(await footprint(), before);
    assert.deepEqual((await viewer.get(`/api/subscriptions/${sub.id}`)).json(), sub);
    assert.equal((await account(hooli.id)).arr, 12_000);
  });

  test('a viewer writes no contract, a csm only in its own book, a leader anywhere', async () => {
    const umbrella = await newAccount('Umbrella');
    const sub = (await csm.post(`/api/accounts/${umbrella.id}/subscriptions`, contract)).json();
    const before = await footprint();
    for (const caller of [viewer, otherCsm]) {
      const attempts = [
        await caller.post(`/api/accounts/${umbrella.id}/subscriptions`, contract),
        await caller.patch(`/api/subscriptions/${sub.id}`, { status: 'cancelled' }),
      ];
      assert.deepEqual(
        attempts.map((res) => res.statusCode),
        [403, 403],
      );
    }
    assert.deepEqual(await footprint(), before);
    assert.equal((await viewer.get(`/api/subscriptions/${sub.id}`)).json().status, 'active');

    const byLeader = await leader.patch(`/api/subscriptions/${sub.id}`, { endDate: '2026-06-30' });
    assert.equal(byLeader.statusCode, 200, byLeader.body);
    assert.equal((await account(umbrella.id)).renewalDate, '2026-06-30');
  });

  test('bad input gets a 400 problem naming the field, and nothing is written', async () => {
    const soylent = await newAccount('Soylent');
    const sub = (await csm.post(`/api/accounts/${soylent.id}/subscriptions`, contract)).json();
    const before = await footprint();
    const create = `/api/accounts/${soylent.id}/subscriptions`;
    const change = `/api/subscriptions/${sub.id}`;
    const line = contract.items[0]!;
    const cases: Array<[method: 'post' | 'patch', url: string, body: unknown, field: RegExp]> = [
      ['post', create, { ...contract, startDate: '2025-06-01', endDate: '2025-05-31' }, /endDate/],
      ['post', create, { ...contract, startDate: '2025-02-30' }, /startDate/],
      ['post', create, { ...contract, items: [{ ...line, seats: 2.5 }] }, /seats/],
      ['post', create, { ...contract, items: [{ ...line, seats: -1 }] }, /seats/],
      ['post', create, { ...contract, items: [{ ...line, unitPrice: -0.01 }] }, /unitPrice/],
      ['post', create, { ...contract, items: [{ ...line, unitPrice: '1200' }] }, /unitPrice/],
      ['post', create, { ...contract, items: [{ ...line, arr: 1_000_000 }] }, /arr/],
      ['post', create, { ...contract, items: [] }, /items/],
      ['post', create, { startDate: '2025-01-01', endDate: '2025-12-31' }, /items/],
      ['post', create, { ...contract, autoRenew: 'yes' }, /autoRenew/],
      ['post', create, { ...contract, currency: 'usd' }, /currency/],
      ['post', create, { ...contract, status: 'paused' }, /status/],
      ['post', create, { ...contract, discount: 0.1 }, /discount/],
      ['patch', change, { endDate: '2024-12-31' }, /endDate/],
      ['patch', change, { startDate: '2026-01-01' }, /endDate/],
      ['patch', change, { items: [] }, /items/],
      ['patch', change, { currency: 'EUR' }, /currency/],
      ['patch', change, { effectiveDate: '2025-06-01' }, /at least one field/],
      ['patch', change, {}, /at least one field/],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await csm[method](url, body);
      assert.equal(res.statusCode, 400, `${method} ${JSON.stringify(body)} → ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'validation_failed');
      assert.match(res.json().detail, field, res.json().detail);
    }
    assert.equal((await csm.get('/api/subscriptions/not-a-uuid')).statusCode, 400);
    assert.deepEqual(await footprint(), before);
    assert.deepEqual((await viewer.get(change)).json(), sub);
  });
});
