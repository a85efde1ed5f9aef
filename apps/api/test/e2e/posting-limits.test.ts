import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/** M2: per-member limits on threads, posts, questions, chat and uploads, answered 429 with Retry-After. */
describe('posting limits (M2)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let admin: SignedIn;
  let alice: SignedIn;
  let bob: SignedIn;
  let networkId: string;
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

  /** The SPEC P1 error shape, with the wait in the header and in details. */
  function expectThrottled(response: Response) {
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/try again in \d+ seconds/), details: { retryAfter: expect.any(Number) } });
    const wait = response.body.details.retryAfter as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(response.headers['retry-after']).toBe(String(wait));
  }

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_THREADS_PER_USER: '1/1m',
      RATE_LIMIT_POSTS_PER_USER: '2/1m',
      RATE_LIMIT_QUESTIONS_PER_USER: '1/1m',
      RATE_LIMIT_CHAT_PER_USER: '2/1m',
      RATE_LIMIT_UPLOADS_PER_USER: '1/1m',
    });
    admin = await signInAdmin(t);
    [alice, bob] = [await createMember(t), await createMember(t)];
    networkId = (await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: 'Limits', slug: `limits-${randomUUID().slice(0, 8)}`, description: 'Limits.', visibility: 'open' }).expect(201)).body.id;
    for (const m of [alice, bob]) await t.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(m)).send({}).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits threads per member; a repeated clientId answers the first thread and is not counted', async () => {
    const clientId = randomUUID();
    const first = await t.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(alice)).send({ title: 'First thread', body: 'Hello', clientId }).expect(201);
    const again = await t.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(alice)).send({ title: 'First thread', body: 'Hello', clientId }).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expectThrottled(await t.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(alice)).send({ title: 'Second thread', body: 'Hello', clientId: randomUUID() }));
    expect(await t.sql(`SELECT id FROM threads WHERE author_id = $1`, [alice.user.id])).toHaveLength(1);
    // Another member has their own allowance.
    await t.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(bob)).send({ title: 'Bob’s thread', body: 'Hello', clientId: randomUUID() }).expect(201);
  });

  it('limits posts per member, whatever the thread, and leaves nothing behind when refused', async () => {
    const threadId = (await t.sql<{ id: string }>(`SELECT id FROM threads WHERE author_id = $1`, [bob.user.id]))[0].id;
    const reply = (who: SignedIn, clientId = randomUUID()) => t.http.post(`/api/v1/threads/${threadId}/posts`).set(bearer(who)).send({ body: 'A reply', clientId });
    const kept = randomUUID();
    expect((await reply(alice, kept)).status).toBe(201);
    expect((await reply(alice)).status).toBe(201);
    expectThrottled(await reply(alice));
    // The retry of a post that was created is answered, not refused.
    expect((await reply(alice, kept)).status).toBe(201);
    expect(await t.sql(`SELECT id FROM posts WHERE author_id = $1`, [alice.user.id])).toHaveLength(3); // the opening post and two replies
    expect((await reply(bob)).status).toBe(201);
  });

  it('limits questions and chat messages in a live session', async () => {
    const startsAt = new Date(Date.now() + 5 * 60_000);
    const eventId = (await t.http.post('/api/v1/events').set(bearer(admin)).send({
      title: 'Limits briefing', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      timeZone: 'UTC', registrationMode: 'open', visibility: 'members',
    }).expect(201)).body.id as string;
    await t.http.post(`/api/v1/events/${eventId}/registrations`).set(bearer(alice)).expect(201);
    await t.http.post(`/api/v1/events/${eventId}/live/start`).set(bearer(admin)).expect(200);
    await t.http.post(`/api/v1/events/${eventId}/questions`).set(bearer(alice)).send({ body: 'One question', clientId: randomUUID() }).expect(201);
    expectThrottled(await t.http.post(`/api/v1/events/${eventId}/questions`).set(bearer(alice)).send({ body: 'Another question', clientId: randomUUID() }));
    for (let i = 0; i < 2; i += 1) await t.http.post(`/api/v1/events/${eventId}/chat`).set(bearer(alice)).send({ body: `Hello ${i}`, clientId: randomUUID() }).expect(201);
    expectThrottled(await t.http.post(`/api/v1/events/${eventId}/chat`).set(bearer(alice)).send({ body: 'Hello again', clientId: randomUUID() }));
    expect(await t.sql(`SELECT id FROM event_questions WHERE event_id = $1`, [eventId])).toHaveLength(1);
    expect(await t.sql(`SELECT id FROM event_chat_messages WHERE event_id = $1`, [eventId])).toHaveLength(2);
    // The host's own question allowance is untouched by alice's.
    await t.http.post(`/api/v1/events/${eventId}/questions`).set(bearer(admin)).send({ body: 'Host question', clientId: randomUUID() }).expect(201);
  });

  it('limits uploads per member, counting only files that passed the checks', async () => {
    const upload = (who: SignedIn, content: Buffer, filename: string) => t.http.post('/api/v1/files').set(bearer(who)).attach('file', content, { filename, contentType: 'text/plain' });
    // A refused file (an empty one) spends nothing.
    expect((await upload(alice, Buffer.alloc(0), 'empty.txt')).status).toBe(400);
    expect((await upload(alice, Buffer.from('Meeting notes\n'), 'notes.txt')).status).toBe(201);
    expectThrottled(await upload(alice, Buffer.from('More notes\n'), 'more.txt'));
    expect(await t.sql(`SELECT id FROM stored_files WHERE uploaded_by = $1`, [alice.user.id])).toHaveLength(1);
    expect((await upload(bob, Buffer.from('Bob’s notes\n'), 'bob.txt')).status).toBe(201);
  });
});
