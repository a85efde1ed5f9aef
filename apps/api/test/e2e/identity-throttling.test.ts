import { applicant, createMember, startTestApp, type TestApp } from '../support/test-app.js';

const WRONG = 'not the password at all';

describe('brute-force defence per account (A5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The test plays a proxy on loopback that names each client in X-Forwarded-For.
    t = await startTestApp({ RATE_LIMIT_LOGIN_PER_ACCOUNT: '3/1m', RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: '2/1h', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => t.close());

  const login = (email: string, password: string, ip?: string) => {
    const call = t.http.post('/api/v1/auth/login');
    if (ip) call.set('X-Forwarded-For', ip);
    return call.send({ email, password });
  };

  it('answers a wrong password for a known email byte for byte like an unknown email', async () => {
    const member = await createMember(t);
    const known = await login(member.user.email, WRONG).expect(401);
    const unknown = await login(`nobody.${Date.now()}@example.org`, WRONG).expect(401);
    expect(known.text).toBe(unknown.text);
    expect(known.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(JSON.parse(known.text)).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'The email or password is incorrect' });
  });

  it('refuses the 4th failing sign-in for an account with 429 and retryAfter, from any address, even with the right password', async () => {
    const member = await createMember(t);
    for (let i = 0; i < 3; i++) await login(member.user.email, WRONG, `198.51.100.${i + 1}`).expect(401);
    const blocked = await login(member.user.email, WRONG, '198.51.100.9').expect(429);
    expect(blocked.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^Too many attempts; try again in \d+ seconds$/),
      details: { retryAfter: expect.any(Number) },
    });
    expect(blocked.body.details.retryAfter).toBeGreaterThan(0);
    expect(blocked.body.details.retryAfter).toBeLessThanOrEqual(60);
    expect(blocked.headers['retry-after']).toBe(String(blocked.body.details.retryAfter));
    await login(member.user.email, member.password).expect(429);
    // The account's email in another letter case is the same account.
    await login(member.user.email.toUpperCase(), member.password).expect(429);
    // Other accounts are not affected.
    const other = await createMember(t);
    await login(other.user.email, other.password).expect(200);
  });

  it('counts an unknown email like a known one, so the limit reveals nothing either', async () => {
    const unknown = `ghost.${Date.now()}@example.org`;
    for (let i = 0; i < 3; i++) await login(unknown, WRONG).expect(401);
    await login(unknown, WRONG).expect(429);
  });

  it('forgets the failures after a successful sign-in', async () => {
    const member = await createMember(t);
    await login(member.user.email, WRONG).expect(401);
    await login(member.user.email, WRONG).expect(401);
    await login(member.user.email, member.password).expect(200);
    for (let i = 0; i < 3; i++) await login(member.user.email, WRONG).expect(401);
    await login(member.user.email, WRONG).expect(429);
  });

  it('limits password-reset requests per account with the same answer for unknown emails', async () => {
    const member = await createMember(t);
    const unknown = `ghost.reset.${Date.now()}@example.org`;
    for (const email of [member.user.email, unknown]) {
      const first = await t.http.post('/api/v1/auth/password-reset').send({ email }).expect(202);
      expect(first.body).toEqual({ accepted: true });
      await t.http.post('/api/v1/auth/password-reset').send({ email }).expect(202);
      const third = await t.http.post('/api/v1/auth/password-reset').send({ email }).expect(429);
      expect(third.body.details.retryAfter).toEqual(expect.any(Number));
    }
    expect((await t.mails()).filter((m) => m.to.includes(member.user.email) && /Reset/.test(m.subject))).toHaveLength(2);
  });
});

describe('brute-force defence per IP address (A5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN_PER_IP: '3/1m', RATE_LIMIT_REGISTER_PER_IP: '2/1m', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => t.close());

  it('refuses the 4th sign-in from one address, whatever the accounts, while other addresses go on', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http.post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.10').send({ email: `p${i}.${Date.now()}@example.org`, password: WRONG }).expect(401);
    }
    const blocked = await t.http.post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.10').send({ email: `p9.${Date.now()}@example.org`, password: WRONG }).expect(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, details: { retryAfter: expect.any(Number) } });
    await t.http.post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.11').send({ email: `q.${Date.now()}@example.org`, password: WRONG }).expect(401);
  });

  it('refuses the 3rd registration from one address and writes nothing', async () => {
    const ip = '203.0.113.20';
    await t.http.post('/api/v1/auth/register').set('X-Forwarded-For', ip).send(applicant()).expect(201);
    await t.http.post('/api/v1/auth/register').set('X-Forwarded-For', ip).send(applicant()).expect(201);
    const [before] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM users');
    const third = applicant();
    const blocked = await t.http.post('/api/v1/auth/register').set('X-Forwarded-For', ip).send(third).expect(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', details: { retryAfter: expect.any(Number) } });
    expect(await t.sql('SELECT count(*)::int AS n FROM users')).toEqual([before]);
    expect(await t.sql('SELECT 1 FROM users WHERE email = $1', [third.email])).toEqual([]);
    expect((await t.mails()).filter((m) => m.to.includes(third.email))).toEqual([]);
    await t.http.post('/api/v1/auth/register').set('X-Forwarded-For', '203.0.113.21').send(applicant()).expect(201);
  });
});
