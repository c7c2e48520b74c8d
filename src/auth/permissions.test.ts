import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, Role } from './auth.types.js';
import { canAdministerWorkspace, canCreateAccounts, canReadAuditLog, canWriteAccount } from './permissions.js';

const actor = (role: Role, userId: string | null = 'me'): Actor => ({ workspaceId: 'w', role, userId, tokenId: null, viaSession: false });

test('who may write an account', () => {
  const cases: [Role, string | null, string | null, boolean][] = [
    // role, actor user, account owner, may write
    ['admin', 'me', 'someone', true],
    ['leader', 'me', null, true],
    ['csm', 'me', 'me', true],
    ['csm', 'me', 'someone', false],
    ['csm', 'me', null, false],
    ['csm', null, null, false],
    ['viewer', 'me', 'me', false],
  ];
  for (const [role, userId, owner, expected] of cases) {
    assert.equal(canWriteAccount(actor(role, userId), { owner_id: owner }), expected, `${role} on ${owner}'s account`);
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
