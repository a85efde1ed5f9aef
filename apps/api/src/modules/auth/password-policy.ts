import { BadRequestException } from '@nestjs/common';
import { createRequire } from 'node:module';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@praxis/contracts';

// zxcvbn-ts keeps a maintained dictionary of the most common passwords (tens of thousands).
const require = createRequire(import.meta.url);
const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: Record<'passwords-common', string[]> };
const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Why a password is refused, or null when it is acceptable (A1). */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'password is among the most common passwords; choose another';
  // A common password padded with digits or repeated ("password1234", "qwertyqwerty") is no better.
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  if (stripped.length >= 4 && common.has(stripped)) return 'password is a common password with a suffix; choose another';
  if (/^(.{1,4})\1+$/u.test(lower)) return 'password repeats a short pattern; choose another';
  for (const word of context) {
    if (word && word.length >= 4 && lower.includes(word.toLowerCase())) return 'password must not contain your name or email';
  }
  return null;
}

/** A refused password: a 400 naming the field, like any other validation error. */
export class PasswordRefused extends BadRequestException {
  constructor(problem: string) {
    super({ message: `Invalid input: ${problem}`, details: [{ field: 'password', messages: [problem] }] });
  }
}
