import { inflateSync } from 'node:zlib';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
}, 90_000);

afterAll(async () => {
  await t.close();
});

describe('demo briefings', () => {
  it('seeds an upcoming briefing with a ~1 MB invitation PDF and a past one with its record', async () => {
    const member = await signIn(t, 'jonas.berg@praxis.demo', 'praxis-demo-2026');
    const list = (await t.http.get('/api/v1/events').set({ Authorization: `Bearer ${member.token}` }).expect(200)).body.items as { id: string; title: string; startsAt: string }[];
    const upcoming = list.find((e) => e.title.startsWith('Annual briefing'))!;
    const past = list.find((e) => e.title.startsWith('Mid-year briefing'))!;
    expect(new Date(upcoming.startsAt).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(past.startsAt).getTime()).toBeLessThan(Date.now());

    const page = (await t.http.get(`/api/v1/events/${upcoming.id}`).set({ Authorization: `Bearer ${member.token}` }).expect(200)).body;
    expect(new Set(page.speakers.map((s: { affiliation: string }) => s.affiliation)).size).toBeGreaterThanOrEqual(4);
    expect(page.agenda.length).toBeGreaterThanOrEqual(5);
    expect(page.attachments).toHaveLength(1);
    // The agenda starts when the briefing starts, in the event's zone, and runs in order within it.
    const local = (iso: string, ms = 0) => new Intl.DateTimeFormat('en-GB', { timeZone: page.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.parse(iso) + ms));
    const times = page.agenda.map((item: { time: string }) => item.time);
    expect(times[0]).toBe(local(page.startsAt));
    expect([...times].sort()).toEqual(times);
    expect(times[times.length - 1] < local(page.endsAt)).toBe(true);
    // Speakers who are demo members carry their user id; the others are external.
    const farah = page.speakers.find((s: { name: string }) => s.name === 'Farah Haddad');
    const [farahUser] = await t.sql<{ id: string }>(`SELECT id FROM users WHERE email = 'farah.haddad@praxis.demo'`);
    expect(farah.userId).toBe(farahUser.id);
    expect(page.speakers.find((s: { name: string }) => s.name === 'Grace Otieno').userId ?? null).toBeNull();
    const pdf = await t.http.get(`/api/v1/files/${page.attachments[0].id}`).set({ Authorization: `Bearer ${member.token}` }).buffer(true)
      .parse((res, cb) => { const parts: Buffer[] = []; res.on('data', (c: Buffer) => parts.push(c)); res.on('end', () => cb(null, Buffer.concat(parts))); }).expect(200);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(900_000);
    expect(bytes.length).toBeLessThan(1_600_000);
    // The text is real: inflate the content streams and decode the hex strings the text operators show.
    const streams = [...bytes.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)]
      .map((m) => { try { return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1'); } catch { return ''; } });
    const text = streams.flatMap((s) => [...s.matchAll(/<([0-9a-f]+)> ?-?\d*/g)].map((m) => Buffer.from(m[1], 'hex').toString('latin1'))).join('');
    expect(text).toContain('Excellencies');
    expect(text).toContain('Trends of the year');

    const record = (await t.http.get(`/api/v1/events/${past.id}`).set({ Authorization: `Bearer ${member.token}` }).expect(200)).body;
    expect(record.recordingUrl).toMatch(/^https:/);
    expect(record.agenda[0].time).toBe(local(record.startsAt));
    expect(record.answeredQuestions).toHaveLength(3);
    expect(record.attendance.attended).toBeGreaterThan(0);
  }, 60_000);
});
