import { describe, expect, it } from 'vitest';
import { passwordProblem, registerBody, registerProblems, type RegisterValues } from './validation';

const valid: RegisterValues = {
  email: 'amina.diallo@example.org',
  password: 'correct horse battery staple',
  confirmPassword: 'correct horse battery staple',
  displayName: 'Amina Diallo',
  organisation: 'Example Anti-Trafficking Unit',
  organisationType: 'government',
  country: 'SN',
  jobTitle: 'Investigator',
  reason: 'I investigate trafficking cases and need to exchange with peers.',
  nominationLetter: null,
};

const problemKeys = (values: RegisterValues) =>
  Object.fromEntries(Object.entries(registerProblems(values)).flatMap(([field, problem]) => (problem ? [[field, problem.key]] : [])));

describe('registration rules', () => {
  it('accepts a complete application', () => {
    expect(problemKeys(valid)).toEqual({});
  });

  it('mirrors the server: password of at least 12 characters, no name or email inside', () => {
    expect(passwordProblem('short pass')?.key).toBe('validation.passwordLength');
    expect(passwordProblem('a'.repeat(11))?.key).toBe('validation.passwordLength');
    expect(passwordProblem('abcabcabcabc')?.key).toBe('validation.passwordPattern');
    expect(passwordProblem('amina.diallo is my password', { email: valid.email })?.key).toBe('validation.passwordPersonal');
    expect(passwordProblem('the Amina Diallo secret', { displayName: 'Amina Diallo' })?.key).toBe('validation.passwordPersonal');
    expect(passwordProblem('correct horse battery staple')).toBeNull();
  });

  it('names every wrong field', () => {
    const problems = problemKeys({
      ...valid,
      email: 'not-an-email',
      confirmPassword: 'something else entirely',
      displayName: 'A',
      organisation: '',
      organisationType: 'club' as RegisterValues['organisationType'],
      country: 'France',
      jobTitle: 'x'.repeat(121),
      reason: 'too short',
    });
    expect(problems).toEqual({
      email: 'validation.email',
      confirmPassword: 'validation.passwordMismatch',
      displayName: 'validation.tooShort',
      organisation: 'validation.required',
      organisationType: 'validation.required',
      country: 'validation.country',
      jobTitle: 'validation.tooLong',
      reason: 'validation.tooShort',
    });
  });

  it('accepts a PDF nomination letter and refuses other files', () => {
    const pdf = new File(['%PDF-1.4'], 'letter.pdf', { type: 'application/pdf' });
    const doc = new File(['hello'], 'letter.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(registerProblems({ ...valid, nominationLetter: pdf }).nominationLetter).toBeNull();
    expect(registerProblems({ ...valid, nominationLetter: doc }).nominationLetter?.key).toBe('validation.pdfOnly');
  });

  it('sends JSON without a letter and multipart with the field nominationLetter otherwise', () => {
    const json = registerBody(valid);
    expect(json).not.toBeInstanceOf(FormData);
    expect(json).not.toHaveProperty('confirmPassword');
    const pdf = new File(['%PDF-1.4'], 'letter.pdf', { type: 'application/pdf' });
    const form = registerBody({ ...valid, nominationLetter: pdf }) as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect((form.get('nominationLetter') as File).name).toBe('letter.pdf');
    expect(form.get('country')).toBe('SN');
    expect(form.has('confirmPassword')).toBe(false);
  });
});
