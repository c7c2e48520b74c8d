import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IngestEvent } from './ingest.types.js';
import { groupDomain, planIdentities } from './plan-identities.js';

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 12, minute));
let id = 0;
const event = (fields: Partial<IngestEvent> & Pick<IngestEvent, 'type'>): IngestEvent => ({
  index: 0,
  messageId: `m${++id}`,
  event: null,
  userId: null,
  anonymousId: null,
  groupId: null,
  previousId: null,
  properties: {},
  context: {},
  timestamp: at(0),
  originalTimestamp: null,
  sentAt: null,
  receivedAt: at(0),
  ...fields,
});

describe('groupDomain', () => {
  const cases: Array<[traits: Record<string, unknown>, expected: string | null]> = [
    [{ domain: 'acme.com' }, 'acme.com'],
    [{ website: 'https://www.Acme.com/about?x=1' }, 'acme.com'],
    [{ website: 'http://shop.acme.co.uk:8080' }, 'shop.acme.co.uk'],
    [{ domain: 'ACME.COM', website: 'other.com' }, 'acme.com'],
    [{ domain: 'localhost' }, null],
    [{ website: 42 }, null],
    [{}, null],
  ];
  for (const [traits, expected] of cases) {
    test(`${JSON.stringify(traits)} → ${expected}`, () => assert.equal(groupDomain(traits), expected));
  }
});

describe('planIdentities', () => {
  test('track, page and screen calls change no identity', () => {
    const plan = planIdentities([event({ type: 'track', userId: 'u1', event: 'x' }), event({ type: 'page', anonymousId: 'a1' })]);
    assert.deepEqual(plan, { aliases: [], users: [], groups: [] });
  });

  test('identify merges traits in order, keeps the email lower case, ties anonymousId to userId', () => {
    const plan = planIdentities([
      event({ type: 'identify', userId: 'u1', anonymousId: 'anon-1', properties: { name: 'Jane', plan: 'pro' }, timestamp: at(1) }),
      event({ type: 'identify', userId: 'u1', properties: { plan: 'enterprise', email: ' Jane@Acme.com ' }, timestamp: at(2) }),
    ]);
    assert.deepEqual(plan.aliases, [{ aliasId: 'anon-1', userKey: 'u1' }]);
    assert.deepEqual(plan.users, [
      { userKey: 'u1', traits: { name: 'Jane', plan: 'enterprise', email: ' Jane@Acme.com ' }, email: 'jane@acme.com', groupId: null, isIdentified: true, seenAt: at(2) },
    ]);
  });

  test('an anonymous identify is kept under the anonymousId; a bad email is ignored', () => {
    const plan = planIdentities([event({ type: 'identify', anonymousId: 'a9', properties: { email: 'not an email' } })]);
    assert.equal(plan.users[0]!.userKey, 'a9');
    assert.equal(plan.users[0]!.email, null);
    assert.deepEqual(plan.aliases, []);
  });

  test('group links the user to its last group and folds the group’s traits', () => {
    const plan = planIdentities([
      event({ type: 'group', userId: 'u1', groupId: 'g1', properties: { name: 'Acme', website: 'acme.com' }, timestamp: at(5) }),
      event({ type: 'group', userId: 'u2', groupId: 'g1', properties: { plan: 'pro' }, timestamp: at(3) }),
      event({ type: 'group', userId: 'u1', groupId: 'g2', timestamp: at(6) }),
    ]);
    assert.deepEqual(
      plan.users.map((user) => [user.userKey, user.groupId, user.isIdentified]),
      [
        ['u1', 'g2', false],
        ['u2', 'g1', false],
      ],
    );
    assert.deepEqual(plan.groups, [
      { groupId: 'g1', traits: { name: 'Acme', website: 'acme.com', plan: 'pro' }, name: 'Acme', domain: 'acme.com', seenAt: at(5) },
      { groupId: 'g2', traits: {}, name: null, domain: null, seenAt: at(6) },
    ]);
  });

  test('alias ties previousId to userId; aliasing an id to itself is nothing', () => {
    const plan = planIdentities([
      event({ type: 'alias', userId: 'u1', previousId: 'old-id' }),
      event({ type: 'alias', userId: 'u2', previousId: 'u2' }),
    ]);
    assert.deepEqual(plan.aliases, [{ aliasId: 'old-id', userKey: 'u1' }]);
    assert.deepEqual(plan.users, []);
  });

  test('users, groups and aliases come sorted by key so concurrent requests lock rows in one order', () => {
    const plan = planIdentities(['zed', 'amy', 'kim'].map((userId) => event({ type: 'group', userId, groupId: `g-${userId}` })));
    assert.deepEqual(plan.users.map((u) => u.userKey), ['amy', 'kim', 'zed']);
    assert.deepEqual(plan.groups.map((g) => g.groupId), ['g-amy', 'g-kim', 'g-zed']);
  });
});
