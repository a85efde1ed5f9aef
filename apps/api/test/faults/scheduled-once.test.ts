import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { startApiProcess, type ApiProcess } from '../support/api-process.js';
import { createMember, signIn, type SignedIn } from '../support/test-app.js';

/**
 * Issue 10, item 5 (reminders): two API processes from the build on one database and one DATA_DIR
 * (files and the mail outbox shared, as behind a load balancer), both running the reminder
 * scheduler every 300 ms. Members register for an event tomorrow (day reminder due) and one in ten
 * minutes (quarter reminder due); when part of the reminders are out, node B is killed with SIGKILL
 * and restarted. Each reminder must be mailed exactly once and stored as one notification.
 * Digests the same way: followers have new posts waiting, two nodes start sending digests every
 * 200 ms, one is killed once part of them are out; each follower gets exactly one digest.
 */
const MEMBERS = process.env.FAULTS_SCALE === 'full' ? 100 : 20;
const ADMIN = { email: 'reminder.admin@example.org', password: 'an admin password for fault tests' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduled reminders with a node killed mid-run (issue 10, item 5)', () => {
  const nodes: ApiProcess[] = [];
  afterAll(async () => {
    for (const node of nodes.reverse()) await node.close();
  });

  it(`sends each of ${MEMBERS * 2} reminders exactly once`, async () => {
    const env = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, EVENT_REMINDER_INTERVAL_MS: '300' };
    const a = await startApiProcess({ env });
    nodes.push(a);
    const b = await startApiProcess({ env, databaseUrl: a.databaseUrl, jwtSecret: a.jwtSecret, dataDir: a.dataDir });
    nodes.push(b);
    const admin = await signIn(a, ADMIN.email, ADMIN.password);
    const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
    const create = async (title: string, minutesAhead: number) => {
      const startsAt = new Date(Date.now() + minutesAhead * 60_000);
      return (
        await a.http
          .post('/api/v1/events')
          .set(auth(admin))
          .send({ title, kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), timeZone: 'Europe/Paris', registrationMode: 'open', visibility: 'members' })
          .expect(201)
      ).body.id as string;
    };
    const tag = randomUUID().slice(0, 6);
    const events = [await create(`Tomorrow ${tag}`, 20 * 60), await create(`Imminent ${tag}`, 10)];
    const members: SignedIn[] = [];
    for (let i = 0; i < MEMBERS; i++) members.push(await createMember(a));
    const expected = MEMBERS * 2;
    const reminders = async () => (await a.mails()).filter((m) => m.subject.startsWith('Reminder:') && m.subject.includes(tag));

    // Register everyone (through both nodes); the schedulers mail as registrations land.
    const registering = (async () => {
      for (const [i, m] of members.entries()) for (const id of events) await (i % 2 ? b : a).http.post(`/api/v1/events/${id}/registrations`).set(auth(m)).expect(201);
    })();
    // Kill B as soon as a third of the reminders are claimed (a cheap count: reading the outbox on every
    // poll competed with the nodes for the two cores), then bring it back.
    const claimed = async () => (await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event_reminders WHERE event_id = ANY($1::uuid[])`, [events]))[0].n;
    let killedAt = 0;
    while ((killedAt = await claimed()) < expected / 3) await sleep(20);
    await b.kill('SIGKILL');
    await registering.catch(async () => {
      // A registration sent to B as it died: the rest go through A.
      for (const m of members) for (const id of events) await a.http.post(`/api/v1/events/${id}/registrations`).set(auth(m));
    });
    await b.restart();

    // Wait until every reminder is claimed and both schedulers have had more passes.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const n = await claimed();
      if (n >= expected) break;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${expected} reminders claimed`);
      await sleep(200);
    }
    await sleep(2000);

    const mails = await reminders();
    const perKey = new Map<string, number>();
    for (const m of mails) perKey.set(`${m.to} ${m.subject}`, (perKey.get(`${m.to} ${m.subject}`) ?? 0) + 1);
    const failures: string[] = [];
    for (const m of members) {
      for (const subject of [`Reminder: Tomorrow ${tag} starts tomorrow`, `Reminder: Imminent ${tag} starts in 15 minutes`]) {
        const count = [...perKey.entries()].filter(([k]) => k.includes(m.user.email) && k.endsWith(subject)).reduce((n, [, c]) => n + c, 0);
        if (count !== 1) failures.push(`${m.user.email}: "${subject}" mailed ${count} times`);
      }
    }
    const notifications = await a.sql<{ user_id: string; data: string; n: number }>(
      `SELECT user_id, data::text AS data, count(*)::int AS n FROM notifications WHERE kind = 'event.reminder' AND data->>'eventId' = ANY($1) GROUP BY user_id, data HAVING count(*) <> 1`,
      [events],
    );
    for (const row of notifications) failures.push(`user ${row.user_id}: reminder ${row.data} stored ${row.n} times`);
    const [{ n: stored }] = await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'event.reminder' AND data->>'eventId' = ANY($1)`, [events]);
    console.log(`scheduled-once: ${expected} reminders, node B killed (SIGKILL) after ${killedAt} were claimed and restarted; ${mails.length} mails, ${stored} notifications stored`);
    expect(failures).toEqual([]);
    expect(mails).toHaveLength(expected);
    expect(stored).toBe(expected);
  }, 300_000);

  it(`sends each of ${MEMBERS} digests exactly once`, async () => {
    // Node A writes with digests off, so nobody's digest is claimed before the posts are in.
    const a = await startApiProcess({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    nodes.push(a);
    const admin = await signIn(a, ADMIN.email, ADMIN.password);
    const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
    const slug = `digest-${randomUUID().slice(0, 8)}`;
    const networkId = (await a.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Network ${slug}`, slug, description: 'Digest fault test.', visibility: 'open' }).expect(201)).body.id as string;
    const writer = await createMember(a);
    await a.http.post(`/api/v1/networks/${networkId}/join`).set(auth(writer)).send({}).expect(201);
    const threadId = (await a.http.post(`/api/v1/networks/${networkId}/threads`).set(auth(writer)).send({ title: 'Shelter capacity this week', body: 'Where are beds free?', clientId: randomUUID() }).expect(201)).body.id as string;
    const followers: SignedIn[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const m = await createMember(a);
      await a.http.post(`/api/v1/networks/${networkId}/join`).set(auth(m)).send({}).expect(201);
      await a.http.put(`/api/v1/threads/${threadId}/follow`).set(auth(m)).send({ level: 'following' }).expect(200);
      followers.push(m);
    }
    for (const body of ['Two beds free in the northern shelter.', 'The southern shelter is full until Friday.']) {
      await a.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(writer)).send({ body, clientId: randomUUID() }).expect(201);
    }
    const ids = followers.map((f) => f.user.id);
    for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
      const [{ n }] = await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'forum.followed-post' AND user_id = ANY($1::uuid[])`, [ids]);
      if (n === MEMBERS * 2) break;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${MEMBERS * 2} followed-post notifications stored`);
    }

    // Two sending nodes on the same database and outbox. C starts first and dies with SIGKILL as soon
    // as some digests are out (counted cheaply: nothing else is mailed meanwhile); then B joins and C comes back.
    const shared = { env: { DIGEST_INTERVAL_MS: '200' }, databaseUrl: a.databaseUrl, jwtSecret: a.jwtSecret, dataDir: a.dataDir };
    const outbox = async () => (await readdir(path.join(a.dataDir, 'mail'))).filter((f) => f.endsWith('.eml') && !f.startsWith('.')).length;
    const before = await outbox();
    const c = await startApiProcess(shared);
    nodes.push(c);
    while ((await outbox()) - before < Math.max(1, MEMBERS / 4)) await sleep(2);
    await c.kill('SIGKILL');
    const killedAt = (await outbox()) - before;
    const b = await startApiProcess(shared);
    nodes.push(b);
    await c.restart();
    const emails = new Set(followers.map((f) => f.user.email));
    const address = (to: string) => to.replace(/^.*<|>.*$/g, '');
    const digests = async () => (await a.mails()).filter((m) => m.subject.startsWith('Your daily digest') && emails.has(address(m.to)));

    for (const deadline = Date.now() + 120_000; ; await sleep(200)) {
      const [{ n }] = await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification_digests WHERE user_id = ANY($1::uuid[])`, [ids]);
      if (n === MEMBERS) break;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${MEMBERS} digests claimed`);
    }
    await sleep(2000);

    const mails = await digests();
    const perFollower = new Map<string, number>();
    for (const m of mails) perFollower.set(address(m.to), (perFollower.get(address(m.to)) ?? 0) + 1);
    const failures = [...emails].filter((e) => perFollower.get(e) !== 1).map((e) => `${e}: ${perFollower.get(e) ?? 0} digests`);
    for (const m of mails) if (!m.subject.includes('2 new posts')) failures.push(`${m.to}: "${m.subject}"`);
    console.log(`scheduled-once: ${MEMBERS} digests, node C killed (SIGKILL) after ${killedAt} of them were mailed, node B started and C restarted; ${mails.length} digest mails`);
    expect(failures).toEqual([]);
    expect(mails).toHaveLength(MEMBERS);
  }, 300_000);
});
