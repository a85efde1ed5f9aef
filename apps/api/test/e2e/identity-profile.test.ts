import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Stream } from 'node:stream';
import type { MemberProfile } from '@praxis/contracts';
import { applicant, createMember, signIn, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/** A 1×1 PNG and the start of a JPEG: real signatures, so content detection accepts them. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function binary(res: Stream, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('profile (A6) and member directory (A7)', () => {
  let t: TestApp;
  let me: SignedIn & { password: string };
  beforeAll(async () => {
    t = await startTestApp();
    me = await createMember(t, { displayName: 'Profile Owner' });
  });
  afterAll(async () => t.close());

  const patch = (who: SignedIn, body: object) => t.http.patch('/api/v1/me').auth(who.token, { type: 'bearer' }).send(body);

  describe('PATCH /me', () => {
    it('changes only the fields sent and answers the updated account', async () => {
      const response = await patch(me, {
        displayName: '  Amina D. ',
        bio: 'Investigator on labour trafficking cases.',
        languages: ['FR', 'en', 'fr'],
        expertise: ['Victim identification', 'victim identification', 'financial investigations'],
        timeZone: 'Africa/Dakar',
        locale: 'fr',
        country: 'sn',
      }).expect(200);
      expect(response.body).toMatchObject({
        id: me.user.id,
        displayName: 'Amina D.',
        bio: 'Investigator on labour trafficking cases.',
        languages: ['fr', 'en'],
        expertise: ['Victim identification', 'financial investigations'],
        timeZone: 'Africa/Dakar',
        locale: 'fr',
        country: 'SN',
        organisation: me.user.organisation,
        jobTitle: me.user.jobTitle,
        handle: me.user.handle,
      });
      const cleared = await patch(me, { bio: null, timeZone: null }).expect(200);
      expect(cleared.body).toMatchObject({ bio: null, timeZone: null, displayName: 'Amina D.', locale: 'fr' });
      expect((await t.http.get('/api/v1/me').auth(me.token, { type: 'bearer' }).expect(200)).body).toMatchObject({ bio: null, languages: ['fr', 'en'] });
    });

    it.each([
      ['timeZone', { timeZone: 'Mars/Olympus_Mons' }],
      ['timeZone', { timeZone: '+02:00' }],
      ['languages', { languages: ['english'] }],
      ['languages', { languages: 'fr' }],
      ['locale', { locale: 'de' }],
      ['country', { country: 'ZZ' }],
      ['displayName', { displayName: null }],
      ['displayName', { displayName: 42 }],
      ['organisationType', { organisationType: 'police' }],
      ['status', { status: 'active' }],
      ['isAdmin', { isAdmin: true }],
      ['email', { email: 'other@example.org' }],
    ])('refuses a wrong or forbidden %s and changes nothing', async (field, body) => {
      const before = await t.sql('SELECT * FROM users WHERE id = $1', [me.user.id]);
      const response = await patch(me, body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      expect(response.body.details).toEqual([{ field, messages: expect.any(Array) }]);
      expect(await t.sql('SELECT * FROM users WHERE id = $1', [me.user.id])).toEqual(before);
    });

    it('lets an applicant edit their own profile while they wait', async () => {
      const fields = applicant();
      await t.http.post('/api/v1/auth/register').send(fields).expect(201);
      const waiting = await signIn(t, fields.email, fields.password);
      const response = await patch(waiting, { jobTitle: 'Senior analyst' }).expect(200);
      expect(response.body).toMatchObject({ status: 'pending', jobTitle: 'Senior analyst' });
    });
  });

  describe('avatar', () => {
    it('stores a PNG, shows it to members, never to visitors', async () => {
      const uploaded = await t.http.put('/api/v1/me/avatar').auth(me.token, { type: 'bearer' }).attach('file', PNG, 'me.png').expect(200);
      expect(uploaded.body.avatarUrl).toMatch(new RegExp(`^/api/v1/users/${me.user.id}/avatar\\?v=[0-9a-f]{8}$`));

      const member = await createMember(t);
      const image = await t.http.get(uploaded.body.avatarUrl).auth(member.token, { type: 'bearer' }).buffer(true).parse(binary).expect(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(image.body as Buffer, PNG)).toBe(0);
      await t.http.get(uploaded.body.avatarUrl).expect(401);

      const profile = await t.http.get(`/api/v1/members/${me.user.id}`).auth(member.token, { type: 'bearer' }).expect(200);
      expect(profile.body.avatarUrl).toBe(uploaded.body.avatarUrl);
      // A member without an avatar has none to download.
      await t.http.get(`/api/v1/users/${member.user.id}/avatar`).auth(me.token, { type: 'bearer' }).expect(404);
    });

    it('deletes the replaced picture, record and bytes', async () => {
      const first = await t.http.put('/api/v1/me/avatar').auth(me.token, { type: 'bearer' }).attach('file', PNG, 'first.png').expect(200);
      const [old] = await t.sql<{ id: string; storage_key: string }>('SELECT f.id, f.storage_key FROM stored_files f JOIN users u ON u.avatar_file_id = f.id WHERE u.id = $1', [me.user.id]);
      const second = await t.http.put('/api/v1/me/avatar').auth(me.token, { type: 'bearer' }).attach('file', PNG, 'second.png').expect(200);
      expect(second.body.avatarUrl).not.toBe(first.body.avatarUrl);
      expect(await t.sql('SELECT id FROM stored_files WHERE id = $1', [old.id])).toEqual([]);
      expect(await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM stored_files WHERE owner_type = 'avatar' AND owner_id = $1", [me.user.id])).toEqual([{ n: 1 }]);
      const [current] = await t.sql<{ storage_key: string }>('SELECT f.storage_key FROM stored_files f JOIN users u ON u.avatar_file_id = f.id WHERE u.id = $1', [me.user.id]);
      await expect(stat(path.join(t.config.dataDir, 'files', current.storage_key))).resolves.toBeTruthy();
      await expect(stat(path.join(t.config.dataDir, 'files', old.storage_key))).rejects.toThrow();
      const member = await createMember(t);
      await t.http.get(first.body.avatarUrl.replace(/\?v=.*/, '')).auth(member.token, { type: 'bearer' }).expect(200);
    });

    it('refuses other kinds of image, a missing file, and files over 2 MB, storing nothing', async () => {
      const [before] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM stored_files');
      const gif = await t.http.put('/api/v1/me/avatar').auth(me.token, { type: 'bearer' }).attach('file', GIF, 'me.gif').expect(400);
      expect(gif.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/PNG, JPG/) });
      // A PNG named .jpg: the name must agree with the content.
      await t.http.put('/api/v1/me/avatar').auth(me.token, { type: 'bearer' }).attach('file', PNG, 'me.jpg').expect(400);
      const none = await t.http.put('/api/v1/me/avatar').auth(me.token, { type: 'bearer' }).field('other', 'x').expect(400);
      expect(none.body.details).toEqual([{ field: 'file', messages: ['file is required'] }]);
      const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
      const tooBig = await t.http.put('/api/v1/me/avatar').auth(me.token, { type: 'bearer' }).attach('file', big, 'big.png');
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(await t.sql('SELECT count(*)::int AS n FROM stored_files')).toEqual([before]);
    });
  });

  describe('GET /members/:userId', () => {
    it('shows an active member’s profile to members only; pending, rejected and suspended accounts are 404', async () => {
      const viewer = await createMember(t);
      const profile = await t.http.get(`/api/v1/members/${me.user.id}`).auth(viewer.token, { type: 'bearer' }).expect(200);
      expect(Object.keys(profile.body).sort()).toEqual(
        ['avatarUrl', 'bio', 'country', 'displayName', 'expertise', 'handle', 'id', 'jobTitle', 'languages', 'organisation', 'organisationType', 'timeZone'].sort(),
      );
      expect(profile.body).not.toHaveProperty('email');

      const hidden = [];
      for (const status of ['pending', 'rejected', 'suspended']) {
        const person = await createMember(t);
        await t.sql('UPDATE users SET status = $2 WHERE id = $1', [person.user.id, status]);
        hidden.push(person.user.id);
      }
      const unknown = await t.http.get('/api/v1/members/2b1e4b5c-0000-4000-8000-000000000000').auth(viewer.token, { type: 'bearer' }).expect(404);
      for (const id of hidden) {
        const response = await t.http.get(`/api/v1/members/${id}`).auth(viewer.token, { type: 'bearer' }).expect(404);
        expect(response.body).toEqual(unknown.body);
      }
      await t.http.get(`/api/v1/members/${me.user.id}`).expect(401);
      await t.http.get('/api/v1/members/not-a-uuid').auth(viewer.token, { type: 'bearer' }).expect(400);
    });

    it('refuses applicants on every member route', async () => {
      const fields = applicant();
      await t.http.post('/api/v1/auth/register').send(fields).expect(201);
      const waiting = await signIn(t, fields.email, fields.password);
      for (const url of ['/api/v1/members', `/api/v1/members/${me.user.id}`, `/api/v1/users/${me.user.id}/avatar`]) {
        const response = await t.http.get(url).auth(waiting.token, { type: 'bearer' });
        expect([url, response.status]).toEqual([url, 403]);
        expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Your access request is still being reviewed' });
      }
    });
  });

  describe('GET /members (directory)', () => {
    const tag = `dir${Date.now().toString(36)}`;
    const people: Record<string, SignedIn> = {};

    beforeAll(async () => {
      const specs = [
        { key: 'ana', displayName: `Ana ${tag}`, organisationType: 'government' as const, country: 'SN', languages: ['fr', 'wo'], expertise: ['Victim identification'] },
        { key: 'ben', displayName: `Ben ${tag}`, organisationType: 'civil-society' as const, country: 'SE', languages: ['sv', 'en'], expertise: ['shelters'] },
        { key: 'cleo', displayName: `Cléo ${tag}`, organisationType: 'government' as const, country: 'FR', languages: ['fr'], expertise: ['prosecution', 'victim identification'] },
        { key: 'dan', displayName: `Dan ${tag}`, organisationType: 'academia' as const, country: 'SN', languages: ['en'], expertise: [] },
      ];
      for (const spec of specs) {
        const member = await createMember(t, { displayName: spec.displayName, organisationType: spec.organisationType, country: spec.country, jobTitle: `Role ${tag}` });
        await patch(member, { languages: spec.languages, expertise: spec.expertise }).expect(200);
        people[spec.key] = member;
      }
      const fields = applicant({ displayName: `Eve ${tag}` });
      await t.http.post('/api/v1/auth/register').send(fields).expect(201);
    });

    const search = async (query: string) => {
      const response = await t.http.get(`/api/v1/members?q=${tag}&${query}`).auth(me.token, { type: 'bearer' }).expect(200);
      return { names: (response.body.items as MemberProfile[]).map((m) => m.displayName.split(' ')[0]), nextCursor: response.body.nextCursor as string | null };
    };

    it('finds active members only, ordered by name', async () => {
      expect((await search('')).names).toEqual(['Ana', 'Ben', 'Cléo', 'Dan']);
    });

    it('filters by organisation type, country, expertise (any case) and language', async () => {
      expect((await search('organisationType=government')).names).toEqual(['Ana', 'Cléo']);
      expect((await search('country=sn')).names).toEqual(['Ana', 'Dan']);
      expect((await search('expertise=VICTIM%20IDENTIFICATION')).names).toEqual(['Ana', 'Cléo']);
      expect((await search('language=fr')).names).toEqual(['Ana', 'Cléo']);
      expect((await search('language=fr&country=FR')).names).toEqual(['Cléo']);
      // A search form sent with blank fields filters nothing.
      expect((await search('organisationType=&country=&expertise=&language=')).names).toEqual(['Ana', 'Ben', 'Cléo', 'Dan']);
    });

    it('pages with an opaque cursor until nextCursor is null', async () => {
      const seen: string[] = [];
      let cursor: string | null = '';
      do {
        const page: { names: string[]; nextCursor: string | null } = await search(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.names);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Ana', 'Ben', 'Cléo', 'Dan']);
    });

    it('refuses wrong filters with the error shape', async () => {
      for (const query of ['country=XX', 'organisationType=police', 'language=french', 'limit=0', 'limit=abc', 'cursor=%%%', 'unknown=1']) {
        const response = await t.http.get(`/api/v1/members?${query}`).auth(me.token, { type: 'bearer' });
        expect([query, response.status]).toEqual([query, 400]);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      }
    });
  });
});
