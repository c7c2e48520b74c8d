import { dictionary } from '@zxcvbn-ts/language-common';
import { invalid } from '../core/errors.js';

/**
 * Password rules after NIST SP 800-63B (§3.1.1.2): length, not composition. At least 8
 * characters, up to 256 (the guidance asks for at least 64, and argon2 takes any length);
 * nothing but whitespace is refused; and so is any password on a list of the commonest ones.
 * No rules on digits, symbols or case, which only push people to "Password1!".
 *
 * The list is the "passwords-common" dictionary of @zxcvbn-ts/language-common (MIT, about
 * 49,000 passwords ranked by frequency in public breach corpora), shipped in the package so
 * the check works offline. It is compared case-insensitively: "PASSWORD" is as weak as
 * "password".
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON_PASSWORDS = new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));

/** Words an attacker tries first on this service, beyond the common list (NIST: "context-specific words"). */
const SERVICE_WORDS = ['boomerang'];

/**
 * Why `password` may not be used, or undefined when it may. `email` (the account's) is
 * refused as a password too, with or without its domain.
 *
 * @example
 *   checkPasswordPolicy('password1')           // 'is one of the most common passwords; choose a less guessable one'
 *   checkPasswordPolicy('correct horse battery') // undefined
 */
export function checkPasswordPolicy(password: string, context: { email?: string } = {}): string | undefined {
  // Characters as people count them: an emoji or an accented letter is one, not two UTF-16 units.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  const folded = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(folded) || SERVICE_WORDS.includes(folded)) {
    return 'is one of the most common passwords; choose a less guessable one (a few unrelated words make a good one)';
  }
  const email = context.email?.trim().toLowerCase();
  if (email && (folded === email || folded === email.split('@')[0])) return 'must not be the email address';
  return undefined;
}

/** Throws a 400 problem naming `path` when checkPasswordPolicy refuses the password. */
export function assertPasswordPolicyOrThrow(password: string, context: { email?: string; path?: string } = {}): void {
  const problem = checkPasswordPolicy(password, context);
  if (!problem) return;
  const path = context.path ?? 'password';
  throw invalid(`The password ${problem}.`, [{ path, message: problem }]);
}
