import { ORGANISATION_TYPES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type RegisterRequest } from '@praxis/contracts';

/**
 * The registration rules the server enforces (RegisterDto), checked in the browser first so a
 * person sees every problem next to its field before sending. The server stays the authority:
 * it also refuses common passwords, and its field errors are shown the same way.
 * Each rule answers an i18n key (with values) or null.
 */
export type Problem = { key: string; values?: Record<string, unknown> } | null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function length(value: string, min: number, max: number): Problem {
  const n = value.trim().length;
  if (n === 0) return { key: 'validation.required' };
  if (n < min) return { key: 'validation.tooShort', values: { min } };
  if (n > max) return { key: 'validation.tooLong', values: { max } };
  return null;
}

export function emailProblem(email: string): Problem {
  const value = email.trim();
  if (!value) return { key: 'validation.required' };
  if (value.length > 254 || !EMAIL.test(value)) return { key: 'validation.email' };
  return null;
}

/** The parts of a password rule a browser can check without the server's common-password list. */
export function passwordProblem(password: string, context: { email?: string; displayName?: string } = {}): Problem {
  if (!password) return { key: 'validation.required' };
  if (password.length < PASSWORD_MIN_LENGTH) return { key: 'validation.passwordLength', values: { min: PASSWORD_MIN_LENGTH } };
  if (password.length > PASSWORD_MAX_LENGTH) return { key: 'validation.tooLong', values: { max: PASSWORD_MAX_LENGTH } };
  const lower = password.toLowerCase();
  if (/^(.{1,4})\1+$/u.test(lower)) return { key: 'validation.passwordPattern' };
  const words = [context.email?.split('@')[0], context.displayName].filter((w): w is string => Boolean(w && w.trim().length >= 4));
  if (words.some((word) => lower.includes(word.trim().toLowerCase()))) return { key: 'validation.passwordPersonal' };
  return null;
}

export type RegisterValues = RegisterRequest & { confirmPassword: string; nominationLetter: File | null };

export const MAX_LETTER_BYTES = 10 * 1024 * 1024;

export function registerProblems(values: RegisterValues): Partial<Record<keyof RegisterValues, Problem>> {
  const problems: Partial<Record<keyof RegisterValues, Problem>> = {
    email: emailProblem(values.email),
    password: passwordProblem(values.password, { email: values.email, displayName: values.displayName }),
    confirmPassword: values.confirmPassword !== values.password ? { key: 'validation.passwordMismatch' } : null,
    displayName: length(values.displayName, 2, 80),
    organisation: length(values.organisation, 2, 160),
    organisationType: (ORGANISATION_TYPES as readonly string[]).includes(values.organisationType) ? null : { key: 'validation.required' },
    country: /^[A-Z]{2}$/.test(values.country ?? '') ? null : { key: 'validation.country' },
    jobTitle: length(values.jobTitle, 2, 120),
    reason: length(values.reason, 10, 2000),
    nominationLetter: null,
  };
  const letter = values.nominationLetter;
  if (letter) {
    const isPdf = letter.type === 'application/pdf' || letter.name.toLowerCase().endsWith('.pdf');
    if (!isPdf) problems.nominationLetter = { key: 'validation.pdfOnly' };
    else if (letter.size > MAX_LETTER_BYTES) problems.nominationLetter = { key: 'validation.fileTooLarge', values: { max: '10 MB' } };
  }
  return problems;
}

/** The request body: JSON without a letter, multipart (field `nominationLetter`) with one. */
export function registerBody(values: RegisterValues): RegisterRequest | FormData {
  const fields: RegisterRequest = {
    email: values.email.trim(),
    password: values.password,
    displayName: values.displayName.trim(),
    organisation: values.organisation.trim(),
    organisationType: values.organisationType,
    country: values.country,
    jobTitle: values.jobTitle.trim(),
    reason: values.reason.trim(),
  };
  if (!values.nominationLetter) return fields;
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('nominationLetter', values.nominationLetter, values.nominationLetter.name);
  return form;
}
