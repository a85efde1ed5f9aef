import { EventReminders } from '../../src/modules/events/event-reminders.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  first = await startTestApp();
  second = await startTestApp({ JWT_SECRET: first.config.jwtSecret }, {}, { databaseUrl: first.databaseUrl });
}, 60_000);

afterAll(async () => {
  await second.close();
  await first.close();
});

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

describe('reminders (E5)', () => {
  it('two API processes on one database send each reminder exactly once', async () => {
    const admin = await signInAdmin(first);
    const members = [await createMember(first), await createMember(first), await createMember(first)];
    const create = async (title: string, minutesAhead: number) => {
      const startsAt = new Date(Date.now() + minutesAhead * 60_000);
      const id = (await first.http.post('/api/v1/events').set(auth(admin)).send({
        title, kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        timeZone: 'Europe/Paris', registrationMode: 'open', visibility: 'members',
      }).expect(201)).body.id as string;
      for (const m of members) await first.http.post(`/api/v1/events/${id}/registrations`).set(auth(m)).expect(201);
      return id;
    };
    await create('Tomorrow briefing', 20 * 60); // within a day: the day reminder is due
    await create('Imminent briefing', 10); // within 15 minutes: the quarter reminder only
    await create('Next week briefing', 7 * 24 * 60); // nothing due yet

    const passes = await Promise.all([
      first.app.get(EventReminders).runOnce(), second.app.get(EventReminders).runOnce(),
      first.app.get(EventReminders).runOnce(), second.app.get(EventReminders).runOnce(),
    ]);
    // Each process shares overlapping calls; together they sent 3 members x 2 reminders.
    expect(passes[0] + passes[1]).toBe(6);
    const again = await Promise.all([first.app.get(EventReminders).runOnce(), second.app.get(EventReminders).runOnce()]);
    expect(again).toEqual([0, 0]);

    const mails = [...(await first.mails()), ...(await second.mails())].filter((m) => m.subject.startsWith('Reminder:'));
    for (const m of members) {
      const theirs = mails.filter((mail) => mail.to.includes(m.user.email)).map((mail) => mail.subject).sort();
      expect(theirs).toEqual(['Reminder: Imminent briefing starts in 15 minutes', 'Reminder: Tomorrow briefing starts tomorrow']);
    }
    const claims = await first.sql<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM event_reminders GROUP BY kind ORDER BY kind`);
    expect(claims).toEqual([{ kind: 'day', n: 3 }, { kind: 'quarter', n: 3 }]);
  }, 90_000);
});
