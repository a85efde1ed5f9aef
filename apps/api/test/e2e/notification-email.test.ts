import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { NotificationPreferences } from '@praxis/contracts';
import { MailService } from '../../src/modules/mail/mail.service.js';
import { NotificationDigests } from '../../src/modules/notifications/notification-digests.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { settle } from '../support/socket-client.js';

type Mail = Awaited<ReturnType<TestApp['mails']>>[number];

/** O2/O3 end to end: preferences, email at once, the digest on two racing processes, one-click unsubscribe. */
describe('notification email (O2, O3)', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let admin: SignedIn;
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function networkWith(...members: SignedIn[]): Promise<string> {
    const slug = `ne-${randomUUID().slice(0, 8)}`;
    const id = (await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: `Network ${slug}`, slug, description: 'Email tests.', visibility: 'open' }).expect(201)).body.id as string;
    for (const m of members) await t.http.post(`/api/v1/networks/${id}/join`).set(bearer(m)).send({}).expect(201);
    return id;
  }
  const thread = async (networkId: string, author: SignedIn, title = 'Referral pathways') =>
    (await t.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(author)).send({ title, body: 'How do you refer survivors?', clientId: randomUUID() }).expect(201)).body.id as string;
  const post = async (threadId: string, author: SignedIn, body: string) =>
    (await t.http.post(`/api/v1/threads/${threadId}/posts`).set(bearer(author)).send({ body, clientId: randomUUID() }).expect(201)).body.id as string;
  /** Notification emails to `who` (not the account's own mail, such as the address confirmation at registration). */
  const mailsTo = async (app: TestApp, who: SignedIn): Promise<Mail[]> => (await app.mails()).filter((m) => m.to.includes(who.user.email) && /^List-Unsubscribe:/m.test(m.raw));
  const kinds = async (who: SignedIn) => (await t.sql<{ kind: string }>(`SELECT kind FROM notifications WHERE user_id = $1`, [who.user.id])).map((r) => r.kind);
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await settle(50);
    }
  }
  const tokenIn = (mail: Mail) => /\/api\/v1\/unsubscribe\?token=([A-Za-z0-9_.-]+)>/.exec(mail.raw)?.[1] ?? '';
  const preferences = async (who: SignedIn): Promise<NotificationPreferences> => (await t.http.get('/api/v1/me/notification-preferences').set(bearer(who)).expect(200)).body;

  it('starts calm, takes partial changes and refuses bad ones with a 400 naming the field', async () => {
    const member = await createMember(t);
    expect(await preferences(member)).toEqual({
      channels: { mentions: 'email', replies: 'email', followed: 'digest', decisions: 'email', events: 'email', moderation: 'app' },
      digest: 'daily',
    });
    const changed = await t.http.patch('/api/v1/me/notification-preferences').set(bearer(member)).send({ channels: { replies: 'app' }, digest: 'weekly' }).expect(200);
    expect(changed.body).toMatchObject({ channels: { replies: 'app', mentions: 'email' }, digest: 'weekly' });
    await t.http.patch('/api/v1/me/notification-preferences').set(bearer(member)).send({ channels: { followed: 'off' } }).expect(200);
    expect(await preferences(member)).toMatchObject({ channels: { replies: 'app', followed: 'off' }, digest: 'weekly' });

    for (const bad of [{ channels: { mentions: 'sms' } }, { channels: { everything: 'off' } }, { digest: 'hourly' }, { channels: 'off' }, { colour: 'red' }]) {
      const refused = await t.http.patch('/api/v1/me/notification-preferences').set(bearer(member)).send(bad).expect(400);
      expect(refused.body.message).toMatch(/Invalid input/);
    }
    expect(await preferences(member)).toMatchObject({ channels: { replies: 'app', followed: 'off' }, digest: 'weekly' });
    await t.http.get('/api/v1/me/notification-preferences').expect(401);
  });

  it('mails a mention at once in the member’s language, multipart, with List-Unsubscribe; the next one follows the changed preference', async () => {
    const [writer, reader] = [await createMember(t), await createMember(t)];
    await t.http.patch('/api/v1/me').set(bearer(reader)).send({ locale: 'fr' }).expect(200);
    const threadId = await thread(await networkWith(writer, reader), writer);

    await post(threadId, writer, `@${reader.user.handle} could you share the referral form?`);
    const [mail] = await eventually(() => mailsTo(t, reader), (m) => m.length > 0);
    expect(mail.subject).toContain('mentioned you');
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.text).toContain('Bonjour');
    expect(mail.text).toContain('could you share the referral form?');
    expect(mail.raw).toMatch(/^List-Unsubscribe:\s*<http[^>]+\/api\/v1\/unsubscribe\?token=/m);
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click/m);

    await t.http.patch('/api/v1/me/notification-preferences').set(bearer(reader)).send({ channels: { mentions: 'app' } }).expect(200);
    await post(threadId, writer, `@${reader.user.handle} and the consent sheet?`);
    await eventually(() => kinds(reader), (k) => k.filter((x) => x === 'forum.mention').length === 2);
    await settle(300);
    expect(await mailsTo(t, reader)).toHaveLength(1);

    await t.http.patch('/api/v1/me/notification-preferences').set(bearer(reader)).send({ channels: { mentions: 'off' } }).expect(200);
    await post(threadId, writer, `@${reader.user.handle} thanks!`);
    await settle(500);
    expect((await kinds(reader)).filter((x) => x === 'forum.mention')).toHaveLength(2);
    expect(await mailsTo(t, reader)).toHaveLength(1);
  });

  it('unsubscribes in one click without signing in, only that kind for that member; forged or altered links are refused', async () => {
    const [writer, reader, bystander] = [await createMember(t), await createMember(t), await createMember(t)];
    const threadId = await thread(await networkWith(writer, reader, bystander), writer);
    await post(threadId, writer, `@${reader.user.handle} @${bystander.user.handle} please review`);
    const [mail] = await eventually(() => mailsTo(t, reader), (m) => m.length > 0);
    const token = tokenIn(mail);
    expect(token).not.toBe('');
    expect(mail.text).toContain(`/unsubscribe?token=${token}`);

    const before = await t.http.get(`/api/v1/unsubscribe?token=${token}`).expect(200);
    expect(before.body).toEqual({ topic: 'mentions', email: expect.stringMatching(/^.•+@example\.org$/), unsubscribed: false });
    // A mail client's RFC 8058 one-click POST: form body, no cookie, no token.
    const done = await t.http.post(`/api/v1/unsubscribe?token=${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(done.body).toMatchObject({ topic: 'mentions', unsubscribed: true });
    expect((await preferences(reader)).channels).toEqual({ mentions: 'app', replies: 'email', followed: 'digest', decisions: 'email', events: 'email', moderation: 'app' });
    expect((await preferences(bystander)).channels.mentions).toBe('email');
    await t.http.post(`/api/v1/unsubscribe?token=${token}`).expect(200);

    const [payload, signature] = token.split('.');
    const otherPayload = Buffer.from(`${bystander.user.id}:mentions`).toString('base64url');
    const flipped = `${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
    for (const forged of [`${otherPayload}.${signature}`, `${payload}.${flipped}`, `${payload}`, 'garbage-token-value']) {
      const refused = await t.http.post(`/api/v1/unsubscribe?token=${encodeURIComponent(forged)}`).expect(400);
      expect(refused.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('not valid') });
    }
    await t.http.post('/api/v1/unsubscribe').expect(400);
    expect((await preferences(bystander)).channels.mentions).toBe('email');
  });

  it('sends one digest per member and period when two processes race, grouped by thread, without deleted posts; nothing when nothing is new', async () => {
    const second = await startTestApp({ JWT_SECRET: t.config.jwtSecret }, {}, { databaseUrl: t.databaseUrl });
    try {
      const [writer, follower, quiet] = [await createMember(t), await createMember(t), await createMember(t)];
      const networkId = await networkWith(writer, follower, quiet);
      const [first, other] = [await thread(networkId, writer, 'Shelter capacity'), await thread(networkId, writer, 'Interpreters for hearings')];
      for (const id of [first, other]) await t.http.put(`/api/v1/threads/${id}/follow`).set(bearer(follower)).send({ level: 'following' }).expect(200);
      await post(first, writer, 'Two beds free in the northern shelter.');
      const deleted = await post(first, writer, 'Wrong figure, ignore this one.');
      await post(other, writer, 'We need a Tigrinya interpreter on Monday.');
      await eventually(() => kinds(follower), (k) => k.length === 3);
      await t.http.delete(`/api/v1/posts/${deleted}`).set(bearer(writer)).expect((r) => expect([200, 204]).toContain(r.status));
      // Followed posts are not mailed at once by default.
      expect(await mailsTo(t, follower)).toHaveLength(0);

      const now = new Date(Date.now() + 1000);
      const [sentA, sentB] = await Promise.all([t.app.get(NotificationDigests).runOnce(now), second.app.get(NotificationDigests).runOnce(now)]);
      expect(sentA + sentB).toBe(1);
      const digests = [...(await mailsTo(t, follower)), ...(await mailsTo(second, follower))];
      expect(digests).toHaveLength(1);
      const [digest] = digests;
      expect(digest.subject).toContain('2 new posts');
      expect(digest.text).toContain('## Shelter capacity');
      expect(digest.text).toContain('## Interpreters for hearings');
      expect(digest.text).toContain('Two beds free in the northern shelter.');
      expect(digest.text).not.toContain('Wrong figure');
      expect(digest.raw).toMatch(/^List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click/m);
      // Nobody else had anything new, so nobody else got a digest.
      expect([...(await mailsTo(t, quiet)), ...(await mailsTo(second, quiet))]).toHaveLength(0);

      // The same period again: nothing; the next day with nothing new: nothing either.
      expect(await t.app.get(NotificationDigests).runOnce(now)).toBe(0);
      expect(await second.app.get(NotificationDigests).runOnce(new Date(now.getTime() + 86_400_000))).toBe(0);
      expect((await mailsTo(t, follower)).length + (await mailsTo(second, follower)).length).toBe(1);

      // The digest's own unsubscribe link turns the digest off, and only that.
      const token = tokenIn(digest);
      expect((await t.http.post(`/api/v1/unsubscribe?token=${token}`).expect(200)).body).toMatchObject({ topic: 'digest', unsubscribed: true });
      expect(await preferences(follower)).toMatchObject({ digest: 'off', channels: { followed: 'digest', mentions: 'email' } });
    } finally {
      await second.close();
    }
  });

  it('does not mail a digest twice when the pass that mailed it died before its claim committed', async () => {
    const [writer, follower] = [await createMember(t), await createMember(t)];
    const networkId = await networkWith(writer, follower);
    const id = await thread(networkId, writer, 'Night shelter rota');
    await t.http.put(`/api/v1/threads/${id}/follow`).set(bearer(follower)).send({ level: 'following' }).expect(200);
    await post(id, writer, 'Who covers Saturday night?');
    await eventually(() => kinds(follower), (k) => k.includes('forum.followed-post'));
    const now = new Date(Date.now() + 1000);
    const digests = t.app.get(NotificationDigests);
    const mail = t.app.get(MailService);
    const send = mail.send.bind(mail);
    // The first pass writes the mail and then fails as a killed process would: its claim rolls back.
    const dying = jest.spyOn(mail, 'send').mockImplementation(async (message) => {
      if (!message.subject.startsWith('Your daily digest')) return send(message);
      await send(message);
      throw new Error('process died after the mail left, before the claim committed');
    });
    try {
      await digests.runOnce(now);
    } finally {
      dying.mockRestore();
    }
    expect(await t.sql(`SELECT 1 FROM notification_digests WHERE user_id = $1`, [follower.user.id])).toHaveLength(0);
    expect(await mailsTo(t, follower)).toHaveLength(1);
    // The next pass claims the period again and sends the same message, which the outbox already holds.
    await digests.runOnce(now);
    expect(await t.sql(`SELECT 1 FROM notification_digests WHERE user_id = $1`, [follower.user.id])).toHaveLength(1);
    expect(await mailsTo(t, follower)).toHaveLength(1);
  });
});
