import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, Role } from './actor.js';
import { canAdministerWorkspace, canCreateAccounts, canReadAuditLog, canWriteAccount } from './permissions.js';

const actor = (role: Role, userId: string | null = 'me'): Actor => ({ workspaceId: 'w', role, userId, tokenId: null, viaSession: false });

test('who may write an account', () => {
  const cases: [Role, string | null, string | null, boolean, boolean][] = [
    // role, actor user, account owner, granted to the actor, may write
    ['admin', 'me', 'someone', false, true],
    ['leader', 'me', null, false, true],
    ['csm', 'me', 'me', false, true],
    ['csm', 'me', 'someone', false, false],
    ['csm', 'me', 'someone', true, true],
    ['csm', 'me', null, false, false],
    ['csm', 'me', null, true, true],
    ['csm', null, null, true, false],
    ['viewer', 'me', 'me', false, false],
    ['viewer', 'me', 'someone', true, false],
  ];
  for (const [role, userId, owner, grantedToActor, expected] of cases) {
    const verdict = canWriteAccount(actor(role, userId), { owner_id: owner, grantedToActor });
    assert.equal(verdict, expected, `${role} on ${owner}'s account${grantedToActor ? ' (granted)' : ''}`);
  }
});

test('workspace-wide rights by role', () => {
  assert.deepEqual(
    (['admin', 'leader', 'csm', 'viewer'] as const).map((role) => [
      role,
      canCreateAccounts(actor(role)),
      canAdministerWorkspace(actor(role)),
      canReadAuditLog(actor(role)),
    ]),
    [
      ['admin', true, true, true],
      ['leader', true, false, true],
      ['csm', true, false, false],
      ['viewer', false, false, false],
    ],
  );
});
