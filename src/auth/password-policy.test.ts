import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertPasswordPolicyOrThrow, checkPasswordPolicy } from './password-policy.js';

describe('password policy (NIST SP 800-63B: length and a blocklist, no composition rules)', () => {
  const cases: [string, string, { email?: string } | undefined, RegExp | undefined][] = [
    ['a passphrase of ordinary words', 'correct horse battery', undefined, undefined],
    ['no digits, symbols or capitals needed', 'tangerine lighthouse', undefined, undefined],
    ['64 characters are fine', 'a long sentence nobody else would type, '.repeat(2).slice(0, 64), undefined, undefined],
    ['256 characters are fine', 'x7'.repeat(128), undefined, undefined],
    ['an emoji counts as one character', '🦘🦘🦘🦘🦘🦘🦘🦘', undefined, undefined],
    ['seven characters are too few', 'k9#vQ2!', undefined, /at least 8/],
    ['seven emoji are too few', '🦘🦘🦘🦘🦘🦘🦘', undefined, /at least 8/],
    ['257 characters are too many', 'x'.repeat(257), undefined, /at most 256/],
    ['only spaces', '          ', undefined, /only spaces/],
    ['tabs and newlines are whitespace too', '\t\t\n\n    ', undefined, /only spaces/],
    ['the commonest password', 'password', undefined, /most common/],
    ['common in any case', 'PassWord1', undefined, /most common/],
    ['common with spaces around it', '  12345678  ', undefined, /most common/],
    ['a keyboard walk', 'qwertyuiop', undefined, /most common/],
    ['the name of the service', 'Boomerang', undefined, /most common/],
    ['the email address itself', 'Dana.Smith@acme.example', { email: 'dana.smith@acme.example' }, /email/],
    ['the email without its domain', 'dana.smith', { email: 'dana.smith@acme.example' }, /email/],
  ];
  for (const [name, password, context, refusal] of cases) {
    test(name, () => {
      const problem = checkPasswordPolicy(password, context);
      if (refusal) assert.match(problem ?? '', refusal);
      else assert.equal(problem, undefined);
    });
  }

  test('the assertion is a 400 problem naming the field', () => {
    assert.throws(
      () => assertPasswordPolicyOrThrow('letmein1', { path: 'newPassword' }),
      (error: { status: number; issues: { path: string }[]; detail: string }) =>
        error.status === 400 && error.issues[0]!.path === 'newPassword' && /most common/.test(error.detail),
    );
  });
});
