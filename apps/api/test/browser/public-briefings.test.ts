import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, seriousViolations, shot } from '../support/browser.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * The public event calendar (SPEC roles: visitors see public events, title, time and host network)
 * in real Chromium against the built web app: the landing page lists the next public briefings in
 * the visitor's time zone, each opens a public page with the way in (sign in or request access),
 * a members-only event stays invisible, and a signed-in member is sent on to the member page.
 */

const HOUR = 3600_000;

let t: TestApp;
let admin: SignedIn;
let browser: Browser;
const problems: string[] = [];

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);
const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

async function createEvent(fields: Record<string, unknown>): Promise<{ id: string }> {
  // 15:00 to 16:30 in Vienna, three days from now: not the same wall time as in New York.
  const startsAt = new Date(Date.now() + 72 * HOUR);
  const response = await t.http
    .post('/api/v1/events')
    .set(auth(admin))
    .send({
      description: 'Findings and open questions.',
      kind: 'briefing',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 1.5 * HOUR).toISOString(),
      timeZone: 'Europe/Vienna',
      registrationMode: 'open',
      meetingUrl: 'https://meet.example.org/briefing',
      ...fields,
    })
    .expect(201);
  return response.body as { id: string };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('a visitor sees the upcoming public briefings on the landing page, opens one and is offered a way in', async () => {
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'America/New_York' });
  const page = await newPage(visitor, 'visitor');

  // Nothing public yet: a calm empty state, not an error.
  await page.goto(t.url);
  await page.getByRole('heading', { level: 2, name: 'Upcoming public briefings' }).waitFor();
  await page.getByRole('heading', { name: 'No public briefings are scheduled just now' }).waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
  await shot(page, 'public-briefings-01-empty');

  const slug = `trafficking-${Date.now().toString(36)}`;
  const network = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: 'Anti-trafficking practitioners', slug, description: 'Practitioners.', visibility: 'open' }).expect(201)).body as { id: string };
  const open = await createEvent({ title: 'Trafficking trends in the Western Balkans', visibility: 'public', networkId: network.id });
  await createEvent({ title: 'Case law update for members', kind: 'webinar', visibility: 'members' });
  const hubWide = await createEvent({ title: 'Praxis annual open session', kind: 'webinar', visibility: 'public', startsAt: new Date(Date.now() + 96 * HOUR).toISOString(), endsAt: new Date(Date.now() + 98 * HOUR).toISOString() });

  await page.reload();
  const section = page.getByRole('region', { name: 'Upcoming public briefings' });
  const listed = section.getByRole('link', { name: /Trafficking trends in the Western Balkans/ });
  await listed.waitFor();
  expect(await listed.getAttribute('href')).toBe(`/briefings/${open.id}`);
  expect(await listed.textContent()).toContain('Hosted by Anti-trafficking practitioners');
  expect(await section.getByRole('link', { name: /Praxis annual open session/ }).getAttribute('href')).toBe(`/briefings/${hubWide.id}`);
  expect(await section.getByRole('listitem').count()).toBe(2);
  expect(await page.getByText('Case law update for members').count()).toBe(0);
  // The time is the visitor's (New York), with its zone named, written the British way (day before month).
  expect(await listed.textContent()).toMatch(/\d{1,2} [A-Z][a-z]{2} 20\d\d/);
  expect(await listed.textContent()).toMatch(/(EST|EDT|GMT-[45])Hosted by/);
  await shot(page, 'public-briefings-02-landing');

  await listed.click();
  await page.getByRole('heading', { level: 1, name: 'Trafficking trends in the Western Balkans' }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/briefings/${open.id}`);
  expect(await page.title()).toContain('Trafficking trends in the Western Balkans');
  await page.getByText('Your time (America/New_York)').waitFor();
  await page.getByText('Event time (Europe/Vienna)').waitFor();
  const visitorTime = await page.getByTestId('visitor-time').textContent();
  const eventTime = await page.getByTestId('event-time').textContent();
  expect(visitorTime).not.toBe(eventTime);
  await page.getByText('Hosted by Anti-trafficking practitioners').first().waitFor();
  const signIn = page.getByRole('link', { name: 'Sign in to register' });
  expect(await signIn.getAttribute('href')).toBe('/sign-in');
  expect(await page.getByRole('main').getByRole('link', { name: 'Request access' }).getAttribute('href')).toBe('/register');

  // The calendar file is public for a public event, so a visitor can add it.
  const icsHref = await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href');
  expect(icsHref).toBe(`/api/v1/events/${open.id}/ics`);
  const ics = await page.request.get(`${t.url}${icsHref}`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
  expect(await ics.text()).toContain('SUMMARY:Trafficking trends in the Western Balkans');
  await shot(page, 'public-briefings-03-page');

  await signIn.click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

  // A members-only event is not found at its public address: its existence is not revealed.
  const hidden = (await t.sql<{ id: string }>(`SELECT id FROM events WHERE title = 'Case law update for members'`))[0];
  await page.goto(`${t.url}/briefings/${hidden.id}`);
  await page.getByRole('heading', { level: 1, name: 'Briefing not found' }).waitFor();
  expect(await page.getByText('Case law update for members').count()).toBe(0);
  await page.goto(`${t.url}/briefings/not-an-id`);
  await page.getByRole('heading', { level: 1, name: 'Briefing not found' }).waitFor();
  await visitor.close();

  // A signed-in member who opens the public page is sent on to the member event page.
  const member = await createMember(t);
  const memberContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const memberPage = await newPage(memberContext, 'member');
  await memberPage.goto(`${t.url}/sign-in`);
  await memberPage.getByLabel('Email address').fill(member.user.email);
  await memberPage.getByRole('textbox', { name: 'Password', exact: true }).fill(member.password);
  await memberPage.getByRole('button', { name: 'Sign in' }).click();
  await memberPage.waitForURL(`${t.url}/home`);
  await memberPage.goto(`${t.url}/briefings/${open.id}`);
  await memberPage.getByRole('heading', { level: 1, name: 'Trafficking trends in the Western Balkans' }).waitFor();
  const memberLink = memberPage.getByRole('link', { name: 'Open the event page' });
  expect(await memberLink.getAttribute('href')).toBe(`/events/${open.id}`);
  expect(await memberPage.getByRole('link', { name: 'Sign in to register' }).count()).toBe(0);
  await shot(memberPage, 'public-briefings-04-member');
  await memberLink.click();
  await memberPage.waitForURL(`${t.url}/events/${open.id}`);
  await memberContext.close();

  // Accessibility: the landing page with its list and the public event page (SPEC I2).
  const audit = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const auditPage = await newPage(audit, 'audit');
  const found: string[] = [];
  await auditPage.goto(t.url);
  await auditPage.getByRole('link', { name: /Trafficking trends in the Western Balkans/ }).waitFor();
  found.push(...(await seriousViolations(auditPage)));
  await auditPage.goto(`${t.url}/briefings/${open.id}`);
  await auditPage.getByRole('link', { name: 'Sign in to register' }).waitFor();
  found.push(...(await seriousViolations(auditPage)));
  await audit.close();
  expect(found).toEqual([]);

  expect(problems).toEqual([]);
}, 180_000);
