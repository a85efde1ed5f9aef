import { rooms } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, subscribe, type TestSocket } from '../support/socket-client.js';

let t: TestApp;
let admin: SignedIn;
let alice: SignedIn;
let bob: SignedIn;
let outsider: SignedIn;
let eventId: string;
const sockets: TestSocket[] = [];

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  alice = await createMember(t);
  bob = await createMember(t);
  outsider = await createMember(t);
  const startsAt = new Date(Date.now() + 10 * 60_000);
  eventId = (
    await t.http.post('/api/v1/events').set(auth(admin)).send({
      title: 'Live briefing', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      timeZone: 'UTC', registrationMode: 'open', visibility: 'members', meetingUrl: 'https://meet.example.org/live',
    }).expect(201)
  ).body.id;
  for (const m of [alice, bob]) await t.http.post(`/api/v1/events/${eventId}/registrations`).set(auth(m)).expect(201);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

async function socketOf(who: SignedIn) {
  const socket = await connectSocket(t.url, { token: who.token, origin: t.config.webOrigins?.[0] });
  sockets.push(socket);
  return socket;
}

describe('live session (E6)', () => {
  it('chat, Q&A and attendance reach two sockets in the event room live, in sequence', async () => {
    const hostSocket = await socketOf(admin);
    const bobSocket = await socketOf(bob);
    const outsiderSocket = await socketOf(outsider);
    expect((await subscribe(hostSocket, rooms.event(eventId))).ok).toBe(true);
    expect((await subscribe(bobSocket, rooms.event(eventId))).ok).toBe(true);
    // Not registered: the room stays closed to them.
    expect((await subscribe(outsiderSocket, rooms.event(eventId))).ok).toBe(false);
    const hostSees = collect(hostSocket, 'question.created', 'question.updated', 'chat.message', 'attendance.updated', 'event.updated');
    const bobSees = collect(bobSocket, 'question.created', 'question.updated', 'chat.message', 'attendance.updated', 'event.updated');

    // Joining before the host starts the session is refused.
    await t.http.post(`/api/v1/events/${eventId}/attendance/join`).set(auth(alice)).expect(400);
    await t.http.post(`/api/v1/events/${eventId}/live/start`).set(auth(alice)).expect(403);
    await t.http.post(`/api/v1/events/${eventId}/live/start`).set(auth(admin)).expect(200);
    // Bob's socket was in the room at the start, so he joined then; Alice (no socket) joins over REST.
    expect((await t.http.post(`/api/v1/events/${eventId}/attendance/join`).set(auth(alice)).expect(200)).body).toEqual({ attendeeCount: 2 });
    expect((await t.http.post(`/api/v1/events/${eventId}/attendance/join`).set(auth(bob)).expect(200)).body).toEqual({ attendeeCount: 2 });
    // Joining twice does not count twice.
    expect((await t.http.post(`/api/v1/events/${eventId}/attendance/join`).set(auth(bob)).expect(200)).body).toEqual({ attendeeCount: 2 });

    const asked = await t.http.post(`/api/v1/events/${eventId}/questions`).set(auth(alice)).send({ body: 'How are referrals shared across borders?', clientId: 'q-1' }).expect(201);
    const repeat = await t.http.post(`/api/v1/events/${eventId}/questions`).set(auth(alice)).send({ body: 'How are referrals shared across borders?', clientId: 'q-1' }).expect(201);
    expect(repeat.body.question.id).toBe(asked.body.question.id);
    const questionId = asked.body.question.id as string;
    await t.http.post(`/api/v1/events/${eventId}/questions`).set(auth(outsider)).send({ body: 'x', clientId: 'q-x' }).expect(403);

    expect(asked.body.question).toMatchObject({ votes: 0, votedByMe: false });
    expect((await t.http.post(`/api/v1/questions/${questionId}/votes`).set(auth(bob)).expect(200)).body.question).toMatchObject({ votes: 1, votedByMe: true });
    expect((await t.http.post(`/api/v1/questions/${questionId}/votes`).set(auth(bob)).expect(200)).body.question).toMatchObject({ votes: 1, votedByMe: true });
    // Each member's list says whether they voted, so no device has to remember it.
    const listed = async (who: SignedIn) => ((await t.http.get(`/api/v1/events/${eventId}/questions`).set(auth(who)).expect(200)).body.items as { id: string; votedByMe: boolean }[]).find((q) => q.id === questionId);
    expect(await listed(bob)).toMatchObject({ votedByMe: true });
    expect(await listed(alice)).toMatchObject({ votedByMe: false });
    expect(await listed(admin)).toMatchObject({ votedByMe: false });
    await t.http.patch(`/api/v1/questions/${questionId}`).set(auth(bob)).send({ status: 'answered' }).expect(403);
    await t.http.patch(`/api/v1/questions/${questionId}`).set(auth(admin)).send({ status: 'answered' }).expect(200);
    await t.http.post(`/api/v1/events/${eventId}/chat`).set(auth(bob)).send({ body: 'Hello from Vienna', clientId: 'c-1' }).expect(201);
    await t.http.post(`/api/v1/events/${eventId}/chat`).set(auth(bob)).send({ body: 'Hello from Vienna', clientId: 'c-1' }).expect(201);

    // live start, 2 joins, question created, one vote, answered, one chat message: 7 room events.
    for (const seen of [hostSees, bobSees]) {
      const received = await seen.waitFor(7);
      await new Promise((r) => setTimeout(r, 200));
      expect(received.map((r) => r.event)).toEqual(['event.updated', 'attendance.updated', 'attendance.updated', 'question.created', 'question.updated', 'question.updated', 'chat.message']);
      const seqs = received.map((r) => r.payload.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
      expect(received[6].payload).toMatchObject({ room: rooms.event(eventId), message: { body: 'Hello from Vienna' } });
      expect(received[5].payload).toMatchObject({ question: { id: questionId, status: 'answered', votes: 1 } });
      // Room events go to everyone alike: nobody's own vote is in them.
      expect(received[4].payload.question).not.toHaveProperty('votedByMe');
    }

    // The same events can be fetched after a gap (R4).
    const missed = (await t.http.get(`/api/v1/events/${eventId}/room-events?after=0`).set(auth(bob)).expect(200)).body.items as { event: string }[];
    expect(missed.map((e) => e.event)).toEqual(['event.updated', 'attendance.updated', 'attendance.updated', 'question.created', 'question.updated', 'question.updated', 'chat.message']);

    await t.http.post(`/api/v1/events/${eventId}/attendance/leave`).set(auth(alice)).expect(200);
    await t.http.post(`/api/v1/events/${eventId}/live/end`).set(auth(admin)).expect(200);

    // E7: the answered questions and attendance figures stay on the event page.
    await t.http.patch(`/api/v1/events/${eventId}`).set(auth(admin)).send({ recordingUrl: 'https://video.example.org/rec', followUp: [{ title: 'Slides', url: 'https://example.org/slides' }] }).expect(200);
    const page = (await t.http.get(`/api/v1/events/${eventId}`).set(auth(alice)).expect(200)).body;
    expect(page.answeredQuestions.map((q: { id: string }) => q.id)).toEqual([questionId]);
    expect(page.attendance).toEqual({ registered: 2, attended: 2 });
    expect(page.recordingUrl).toBe('https://video.example.org/rec');
    expect(page.live.attendeeCount).toBe(0);

    // Attendance report: hosts only, one line per attendee with times.
    await t.http.get(`/api/v1/events/${eventId}/attendance.csv`).set(auth(alice)).expect(403);
    const csv = await t.http.get(`/api/v1/events/${eventId}/attendance.csv`).set(auth(admin)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('name,email,organisation,registered,first_joined,last_left,minutes');
    expect(lines).toHaveLength(3);
    expect(csv.text).toContain(alice.user.email);
    expect(csv.text).toContain(bob.user.email);
    const rows = await t.sql<{ open: number }>(`SELECT count(*) FILTER (WHERE left_at IS NULL)::int AS open FROM event_attendance WHERE event_id = $1`, [eventId]);
    expect(rows[0].open).toBe(0);
  }, 60_000);

  it('records attendance from the sockets in the event room: the last socket leaving is the leave, and the CSV shows it', async () => {
    const startsAt = new Date(Date.now() + 10 * 60_000);
    const id = (
      await t.http.post('/api/v1/events').set(auth(admin)).send({
        title: 'Presence briefing', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        timeZone: 'UTC', registrationMode: 'open', visibility: 'members',
      }).expect(201)
    ).body.id as string;
    for (const m of [alice, bob]) await t.http.post(`/api/v1/events/${id}/registrations`).set(auth(m)).expect(201);
    const stays = (email: string) =>
      t.sql<{ joinedAt: Date; leftAt: Date | null }>(
        `SELECT a.joined_at AS "joinedAt", a.left_at AS "leftAt" FROM event_attendance a JOIN users u ON u.id = a.user_id WHERE a.event_id = $1 AND u.email = $2 ORDER BY a.joined_at`,
        [id, email],
      );
    const until = async (check: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 100; i += 1) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    // Bob waits in the room before the start; the host console is in it too.
    const bobSocket = await socketOf(bob);
    const hostSocket = await socketOf(admin);
    expect((await subscribe(bobSocket, rooms.event(id))).ok).toBe(true);
    expect((await subscribe(hostSocket, rooms.event(id))).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await stays(bob.user.email)).toHaveLength(0);

    // Starting the session joins the registered attendees already in the room, not the host.
    await t.http.post(`/api/v1/events/${id}/live/start`).set(auth(admin)).expect(200);
    expect(await stays(bob.user.email)).toHaveLength(1);
    expect(await stays(admin.user.email)).toHaveLength(0);

    // Alice enters during the session on two sockets (two tabs): one stay.
    const aliceTab1 = await socketOf(alice);
    const aliceTab2 = await socketOf(alice);
    expect((await subscribe(aliceTab1, rooms.event(id))).ok).toBe(true);
    await until(async () => (await stays(alice.user.email)).length === 1, 'alice to join');
    expect((await subscribe(aliceTab2, rooms.event(id))).ok).toBe(true);
    await until(async () => (await t.http.get(`/api/v1/events/${id}`).set(auth(alice))).body.live.attendeeCount === 2, 'two attendees');

    // Closing one tab is not a leave while the other is still in the room.
    aliceTab1.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    expect((await stays(alice.user.email))[0].leftAt).toBeNull();

    // The last socket disconnecting (a closed tab) records the leave at once, not at the session's end.
    aliceTab2.disconnect();
    await until(async () => (await stays(alice.user.email))[0].leftAt !== null, 'alice to be marked left');
    expect((await t.http.get(`/api/v1/events/${id}`).set(auth(bob)).expect(200)).body.live.attendeeCount).toBe(1);

    // Unsubscribing is a leave too.
    await new Promise<void>((resolve) => bobSocket.emit('unsubscribe', { room: rooms.event(id) }, () => resolve()));
    await until(async () => (await stays(bob.user.email))[0].leftAt !== null, 'bob to be marked left');

    const csv = (await t.http.get(`/api/v1/events/${id}/attendance.csv`).set(auth(admin)).expect(200)).text.trim().split('\r\n');
    expect(csv).toHaveLength(3);
    const aliceRow = csv.find((line) => line.includes(alice.user.email))!.split(',');
    const [aliceStay] = await stays(alice.user.email);
    // name,email,organisation,registered,first_joined,last_left,minutes
    expect(aliceRow[3]).toBe('yes');
    expect(aliceRow[4]).toBe(new Date(aliceStay.joinedAt).toISOString());
    expect(aliceRow[5]).toBe(new Date(aliceStay.leftAt!).toISOString());
    expect(csv.find((line) => line.includes(bob.user.email))!.split(',')[5]).not.toBe('');
    await t.http.post(`/api/v1/events/${id}/live/end`).set(auth(admin)).expect(200);
  }, 60_000);
});
