import { applicant, createMember, startTestApp, type TestApp } from '../support/test-app.js';

/** SPEC P1/P4: every refusal has the one error shape, is a 4xx, and leaves nothing behind. */
describe('bad input at registration and sign-in (P1, P4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '4kb' });
  });
  afterAll(async () => t.close());

  async function counts() {
    const [row] = await t.sql<{ users: number; files: number; tokens: number }>(
      `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM stored_files) AS files,
              (SELECT count(*)::int FROM email_tokens) AS tokens`,
    );
    return row;
  }

  function expectErrorShape(body: Record<string, unknown>, status: number) {
    expect(Object.keys(body).every((k) => ['statusCode', 'error', 'message', 'details'].includes(k))).toBe(true);
    expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  }

  const { email: _e, ...withoutEmail } = applicant();
  const cases: [string, () => { body?: unknown; raw?: string; type?: string }, number, string | null][] = [
    ['a missing field', () => ({ body: withoutEmail }), 400, 'email'],
    ['a missing reason', () => ({ body: { ...applicant(), reason: undefined } }), 400, 'reason'],
    ['a number for a name', () => ({ body: { ...applicant(), displayName: 12345 } }), 400, 'displayName'],
    ['an object for an email', () => ({ body: { ...applicant(), email: { $gt: '' } } }), 400, 'email'],
    ['an unknown organisation type', () => ({ body: { ...applicant(), organisationType: 'police' } }), 400, 'organisationType'],
    ['an unknown field', () => ({ body: { ...applicant(), isAdmin: true } }), 400, 'isAdmin'],
    ['a status smuggled in', () => ({ body: { ...applicant(), status: 'active' } }), 400, 'status'],
    ['an invalid country code', () => ({ body: { ...applicant(), country: 'XX' } }), 400, 'country'],
    ['a three-letter country code', () => ({ body: { ...applicant(), country: 'FRA' } }), 400, 'country'],
    ['a short password', () => ({ body: { ...applicant(), password: 'short pass' } }), 400, 'password'],
    ['a common password', () => ({ body: { ...applicant(), password: 'qwerty123456' } }), 400, 'password'],
    ['a common password with a suffix', () => ({ body: { ...applicant(), password: 'password1234567' } }), 400, 'password'],
    ['a password of repeats', () => ({ body: { ...applicant(), password: 'abcabcabcabcabc' } }), 400, 'password'],
    ['a password that is the email', () => {
      const fields = applicant();
      return { body: { ...fields, password: `${fields.email.split('@')[0]}!x` } };
    }, 400, 'password'],
    ['a malformed email', () => ({ body: { ...applicant(), email: 'not-an-email' } }), 400, 'email'],
    ['malformed JSON', () => ({ raw: '{"email": "a@example.org",', type: 'application/json' }), 400, null],
    ['a JSON array', () => ({ raw: '[1,2,3]', type: 'application/json' }), 400, null],
    ['an oversize body', () => ({ body: { ...applicant(), reason: 'x'.repeat(8 * 1024) } }), 413, null],
    ['an empty body', () => ({ raw: '', type: 'application/json' }), 400, null],
  ];

  it.each(cases)('refuses %s in the error shape and writes nothing', async (_name, make, status, field) => {
    const before = await counts();
    const input = make();
    const call = t.http.post('/api/v1/auth/register');
    const response = input.raw !== undefined ? await call.set('Content-Type', input.type!).send(input.raw) : await call.send(input.body as object);
    expect(response.status).toBe(status);
    expectErrorShape(response.body, status);
    if (field) expect(response.body.details).toEqual(expect.arrayContaining([{ field, messages: expect.any(Array) }]));
    expect(await counts()).toEqual(before);
  });

  it('names every wrong field at once', async () => {
    const response = await t.http.post('/api/v1/auth/register').send({ email: 'x', country: 'XX' }).expect(400);
    const fields = (response.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['country', 'displayName', 'email', 'jobTitle', 'organisation', 'organisationType', 'password', 'reason']);
  });

  it('refuses a duplicate email, in any letter case, with 409 and writes nothing', async () => {
    const member = await createMember(t);
    const before = await counts();
    for (const email of [member.user.email, member.user.email.toUpperCase()]) {
      const response = await t.http.post('/api/v1/auth/register').send(applicant({ email })).expect(409);
      expectErrorShape(response.body, 409);
      expect(response.body.details).toEqual([{ field: 'email', messages: expect.any(Array) }]);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses bad sign-in input before looking anything up', async () => {
    for (const body of [{ email: 'a@example.org' }, { email: 'a@example.org', password: 42 }, { email: 'a@example.org', password: 'x', remember: true }]) {
      const response = await t.http.post('/api/v1/auth/login').send(body).expect(400);
      expectErrorShape(response.body, 400);
    }
    const malformed = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
    expectErrorShape(malformed.body, 400);
    expect(malformed.body.message).toBe('The request body is not valid JSON');
  });

  it('answers unknown routes and methods with the error shape too', async () => {
    const member = await createMember(t);
    const missing = await t.http.get('/api/v1/no-such-route').auth(member.token, { type: 'bearer' }).expect(404);
    expectErrorShape(missing.body, 404);
  });
});
