import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDemoWorld } from './generate-demo-world.js';
import { scopeWorldIds } from './scope-world-ids.js';

const world = generateDemoWorld({ seed: 5, accounts: 60, months: 12, today: '2026-11-26' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are stable per workspace, different across workspaces, and references follow', () => {
  const a = scopeWorldIds(world, 'workspace-a');
  const b = scopeWorldIds(world, 'workspace-b');
  assert.deepEqual(scopeWorldIds(world, 'workspace-a'), a);
  const ids = (w: typeof a) => w.accounts.flatMap((x) => [x.id, ...x.contracts.map((c) => c.id), ...x.contacts.map((c) => c.id), ...x.notes.map((n) => n.id), ...x.tasks.map((t) => t.id)]);
  assert.ok(ids(a).every((id) => UUID.test(id)));
  assert.equal(new Set(ids(a)).size, ids(a).length);
  assert.equal(ids(a).filter((id) => ids(b).includes(id)).length, 0);
  const accountIds = new Set(a.accounts.map((x) => x.id));
  for (const account of a.accounts) {
    if (account.parentId) assert.ok(accountIds.has(account.parentId));
    const contactIds = new Set(account.contacts.map((c) => c.id));
    const contractIds = new Set(account.contracts.map((c) => c.id));
    for (const movement of account.movements) assert.ok(contractIds.has(movement.contractId), account.name);
    for (const survey of account.surveys) if (survey.contactId) assert.ok(contactIds.has(survey.contactId), account.name);
  }
});
