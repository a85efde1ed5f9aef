import { randomUUID } from 'node:crypto';
import type { AuditEntry, HubSettings } from '@praxis/contracts';
import { applicant, createMember, signInAdmin, startTestApp, tokenFromMail, type SignedIn, type TestApp } from '../support/test-app.js';

/** D2: hub settings stored in the database, edited by admins, obeyed by every feature and every node. */
describe('hub settings (D2)', () => {
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  beforeAll(async () => {
    // The environment gives only the initial values, when the row is created at first start.
    t = await startTestApp({ ALLOW_MEMBER_NETWORKS: 'false', AUTO_APPROVE_DOMAINS: 'Trusted.Example, agency.example' });
    admin = await signInAdmin(t);
    member = await createMember(t);
  });
  afterAll(async () => t.close());

  const as = (who: SignedIn) => ({
    get: (url: string) => t.http.get(url).auth(who.token, { type: 'bearer' }),
    patch: (url: string, body: unknown) => t.http.patch(url).auth(who.token, { type: 'bearer' }).send(body as object),
    post: (url: string, body?: object) => t.http.post(url).auth(who.token, { type: 'bearer' }).send(body),
  });
  const settings = async (): Promise<HubSettings> => (await as(admin).get('/api/v1/admin/settings').expect(200)).body;
  const change = async (body: object): Promise<HubSettings> => (await as(admin).patch('/api/v1/admin/settings', body).expect(200)).body;
  const auditLines = async (): Promise<AuditEntry[]> => (await as(admin).get('/api/v1/audit-log?action=hub.settings-updated&limit=100').expect(200)).body.items;
  const networkBody = () => {
    const slug = `made-${randomUUID().slice(0, 8)}`;
    return { name: `Network ${slug}`, slug, description: 'A place to talk.', visibility: 'open' };
  };

  it('starts from the environment, and tells anyone the hub name and whether registration is open', async () => {
    expect(await settings()).toEqual({
      hubName: 'Praxis',
      registrationOpen: true,
      membersMayCreateNetworks: false,
      autoApproveDomains: ['agency.example', 'trusted.example'],
      updatedAt: null,
      updatedBy: null,
    });
    expect((await t.http.get('/api/v1/hub').expect(200)).body).toEqual({ hubName: 'Praxis', registrationOpen: true });
  });

  it('keeps members, applicants and visitors out of the settings', async () => {
    const pending = applicant();
    await t.http.post('/api/v1/auth/register').send(pending).expect(201);
    const applicantSession = (await t.http.post('/api/v1/auth/login').send({ email: pending.email, password: pending.password }).expect(200)).body.accessToken;
    for (const token of [member.token, applicantSession]) {
      const read = await t.http.get('/api/v1/admin/settings').auth(token, { type: 'bearer' });
      expect(read.status).toBe(403);
      expect(read.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await t.http.patch('/api/v1/admin/settings').auth(token, { type: 'bearer' }).send({ hubName: 'Taken over' }).expect(403);
    }
    await t.http.get('/api/v1/admin/settings').expect(401);
    await t.http.patch('/api/v1/admin/settings').send({ registrationOpen: false }).expect(401);
    expect((await settings()).hubName).toBe('Praxis');
    expect(await auditLines()).toEqual([]);
  });

  it('renames the hub, normalising the name, with one audit line saying who changed what from what to what', async () => {
    const updated = await change({ hubName: '  Counter-Trafficking   Hub ' });
    expect(updated).toMatchObject({ hubName: 'Counter-Trafficking Hub', updatedBy: { id: admin.user.id, displayName: admin.user.displayName } });
    expect(Date.parse(updated.updatedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect((await t.http.get('/api/v1/hub').expect(200)).body).toEqual({ hubName: 'Counter-Trafficking Hub', registrationOpen: true });

    const [line] = await auditLines();
    expect(line).toMatchObject({
      actor: { id: admin.user.id },
      action: 'hub.settings-updated',
      targetType: 'hub',
      targetId: 'settings',
      details: { changed: ['hubName'], before: { hubName: 'Praxis' }, after: { hubName: 'Counter-Trafficking Hub' } },
    });

    // Sending what is already there changes nothing and writes no line.
    await change({ hubName: 'Counter-Trafficking Hub', registrationOpen: true });
    expect(await auditLines()).toHaveLength(1);
  });

  it('closes registration: POST /auth/register answers 403 and stores nothing; reopening lets people apply again', async () => {
    await change({ registrationOpen: false });
    expect((await t.http.get('/api/v1/hub').expect(200)).body.registrationOpen).toBe(false);
    const fields = applicant();
    const [{ n: usersBefore }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM users');
    const mailsBefore = (await t.mails()).length;

    const refused = await t.http.post('/api/v1/auth/register').send(fields).expect(403);
    expect(refused.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringMatching(/registration is closed/i) });
    // The multipart form (with a nomination letter) is refused the same way.
    await t.http
      .post('/api/v1/auth/register')
      .field({ ...fields })
      .attach('nominationLetter', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: 'letter.pdf', contentType: 'application/pdf' })
      .expect(403);
    expect(await t.sql('SELECT count(*)::int AS n FROM users')).toEqual([{ n: usersBefore }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM stored_files WHERE owner_type = 'registration'`)).toEqual([{ n: 0 }]);
    expect(await t.mails()).toHaveLength(mailsBefore);

    await change({ registrationOpen: true });
    const accepted = await t.http.post('/api/v1/auth/register').send(fields).expect(201);
    expect(accepted.body.user.status).toBe('pending');
    const [line] = await auditLines();
    expect(line.details).toEqual({ changed: ['registrationOpen'], before: { registrationOpen: false }, after: { registrationOpen: true } });
  });

  it('lets members create networks only while the setting allows it, and says so on /me and sign-in', async () => {
    expect((await as(member).get('/api/v1/me').expect(200)).body.permissions).toEqual({ createNetworks: false });
    await as(member).post('/api/v1/networks', networkBody()).expect(403);

    await change({ membersMayCreateNetworks: true });
    expect((await as(member).get('/api/v1/me').expect(200)).body.permissions).toEqual({ createNetworks: true });
    const again = await t.http.post('/api/v1/auth/login').send({ email: member.user.email, password: 'correct horse battery staple' }).expect(200);
    expect(again.body.user.permissions).toEqual({ createNetworks: true });
    const created = await as(member).post('/api/v1/networks', networkBody()).expect(201);
    expect(created.body.membership).toMatchObject({ role: 'owner', status: 'active' });

    await change({ membersMayCreateNetworks: false });
    expect((await as(member).get('/api/v1/me').expect(200)).body.permissions).toEqual({ createNetworks: false });
    await as(member).post('/api/v1/networks', networkBody()).expect(403);
    // Admins may always.
    await as(admin).post('/api/v1/networks', networkBody()).expect(201);
  });

  it('approves applicants of the listed domains on confirmation, following the list as admins change it', async () => {
    const confirm = async (email: string) => {
      const fields = applicant({ email });
      const registered = await t.http.post('/api/v1/auth/register').send(fields).expect(201);
      await t.http.post('/api/v1/auth/verify-email').send({ token: await tokenFromMail(t, email, '/verify-email') }).expect(200);
      const [row] = await t.sql<{ status: string }>('SELECT status FROM users WHERE id = $1', [registered.body.user.id]);
      return row.status;
    };
    // From the environment's initial list.
    expect(await confirm(`a.${Date.now()}@agency.example`)).toBe('active');
    expect(await confirm(`b.${Date.now()}@police.example`)).toBe('pending');

    const updated = await change({ autoApproveDomains: [' Police.Example ', 'police.example', 'mail.gov.example.', ''] });
    expect(updated.autoApproveDomains).toEqual(['mail.gov.example', 'police.example']);
    expect(await confirm(`c.${Date.now()}@police.example`)).toBe('active');
    expect(await confirm(`d.${Date.now()}@agency.example`)).toBe('pending');
    // An applicant who registered before the change is approved by the list as it is when they confirm.
    const early = applicant({ email: `e.${Date.now()}@later.example` });
    const registered = await t.http.post('/api/v1/auth/register').send(early).expect(201);
    await change({ autoApproveDomains: ['later.example'] });
    await t.http.post('/api/v1/auth/verify-email').send({ token: await tokenFromMail(t, early.email, '/verify-email') }).expect(200);
    expect(await t.sql('SELECT status FROM users WHERE id = $1', [registered.body.user.id])).toEqual([{ status: 'active' }]);

    await change({ autoApproveDomains: [] });
    expect(await confirm(`f.${Date.now()}@later.example`)).toBe('pending');
    const [line] = await auditLines();
    expect(line.details).toEqual({ changed: ['autoApproveDomains'], before: { autoApproveDomains: ['later.example'] }, after: { autoApproveDomains: [] } });
  });

  it('refuses bad input with 400 in the one error shape, and changes nothing', async () => {
    const before = await settings();
    const linesBefore = (await auditLines()).length;
    const bad: [object, string][] = [
      [{ hubName: '' }, 'hubName'],
      [{ hubName: '    ' }, 'hubName'],
      [{ hubName: 'x'.repeat(81) }, 'hubName'],
      [{ hubName: 42 }, 'hubName'],
      [{ hubName: null }, 'hubName'],
      [{ hubName: 'Bell\u0007' }, 'hubName'],
      [{ registrationOpen: 'no' }, 'registrationOpen'],
      [{ registrationOpen: null }, 'registrationOpen'],
      [{ membersMayCreateNetworks: 1 }, 'membersMayCreateNetworks'],
      [{ autoApproveDomains: 'police.example' }, 'autoApproveDomains'],
      [{ autoApproveDomains: ['not a domain'] }, 'autoApproveDomains'],
      [{ autoApproveDomains: ['localhost'] }, 'autoApproveDomains'],
      [{ autoApproveDomains: ['user@police.example'] }, 'autoApproveDomains'],
      [{ autoApproveDomains: ['http://police.example'] }, 'autoApproveDomains'],
      [{ autoApproveDomains: [42] }, 'autoApproveDomains'],
      [{ autoApproveDomains: Array.from({ length: 201 }, (_, i) => `d${i}.example`) }, 'autoApproveDomains'],
      // One good field beside a bad one: nothing at all is written.
      [{ hubName: 'Half written', autoApproveDomains: ['bad domain'] }, 'autoApproveDomains'],
      [{ hubName: 'Sneaky', isAdmin: true }, 'isAdmin'],
    ];
    for (const [body, field] of bad) {
      const response = await as(admin).patch('/api/v1/admin/settings', body);
      expect([JSON.stringify(body).slice(0, 80), response.status]).toEqual([JSON.stringify(body).slice(0, 80), 400]);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String), details: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    const malformed = await t.http.patch('/api/v1/admin/settings').auth(admin.token, { type: 'bearer' }).set('Content-Type', 'application/json').send('{"hubName":');
    expect(malformed.status).toBe(400);
    expect(await settings()).toEqual(before);
    expect(await auditLines()).toHaveLength(linesBefore);
  });

  it('holds on every API node at once, and a node started with other environment values keeps the stored ones', async () => {
    const other = await startTestApp(
      { JWT_SECRET: t.config.jwtSecret, ALLOW_MEMBER_NETWORKS: 'true', AUTO_APPROVE_DOMAINS: 'elsewhere.example' },
      {},
      { databaseUrl: t.databaseUrl },
    );
    try {
      const onOther = (await other.http.get('/api/v1/admin/settings').auth(admin.token, { type: 'bearer' }).expect(200)).body as HubSettings;
      expect(onOther).toEqual(await settings());
      expect(onOther.membersMayCreateNetworks).toBe(false);

      // A change through one node is what the other node enforces on the very next request.
      await change({ registrationOpen: false, membersMayCreateNetworks: true });
      await other.http.post('/api/v1/auth/register').send(applicant()).expect(403);
      expect((await other.http.get('/api/v1/hub').expect(200)).body.registrationOpen).toBe(false);
      await other.http.post('/api/v1/networks').auth(member.token, { type: 'bearer' }).send(networkBody()).expect(201);

      await other.http.patch('/api/v1/admin/settings').auth(admin.token, { type: 'bearer' }).send({ registrationOpen: true, membersMayCreateNetworks: false }).expect(200);
      await t.http.post('/api/v1/auth/register').send(applicant()).expect(201);
      await as(member).post('/api/v1/networks', networkBody()).expect(403);
    } finally {
      await other.close();
    }
  });
});
