import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, signIn, seriousViolations, shot } from '../support/browser.js';
import { createMember, signInAdmin, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A virtual briefing in real Chromium against the built web app (issue 4): a host creates the
 * briefing through the form with an invitation PDF (upload progress), a member registers, downloads
 * the invitation, enters the live room when it opens, the host starts the session, and the
 * member's question reaches the host console live, in a second browser context.
 */

const ADMIN = { email: 'root.admin@example.org', password: 'an admin password for tests' };

// A small well-formed PDF with some padding, so the upload takes more than one progress step.
const PDF = Buffer.concat([
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n',
  ),
  Buffer.from(`%${'x'.repeat(200_000)}\n`),
  Buffer.from('trailer<</Root 1 0 R>>\n%%EOF\n'),
]);

let t: TestApp;
let browser: Browser;
const problems: string[] = [];

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);

/** YYYY-MM-DDTHH:mm of an instant in UTC (the host's browser runs in UTC). */
const wallUtc = (date: Date) => date.toISOString().slice(0, 16);

beforeAll(async () => {
  t = await startTestApp();
  await signInAdmin(t);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

let eventId = '';

test('a member registers, downloads the invitation, joins the live room and asks a question the host sees live', async () => {
  const member = await createMember(t, { displayName: 'Inés Ferreira', organisation: 'Example Labour Inspectorate' });
  const title = `Briefing on debt bondage ${Date.now().toString(36)}`;
  const startsAt = new Date(Date.now() + 10 * 60_000);
  const endsAt = new Date(startsAt.getTime() + 60 * 60_000);

  // --- The host (a platform admin: hub-wide events) creates the briefing through the form.
  const hostContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', acceptDownloads: true });
  const host = await newPage(hostContext, 'host');
  await signIn(host, t.url, ADMIN.email, ADMIN.password);
  await host.getByRole('navigation').getByRole('link', { name: 'Events' }).click();
  await host.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
  await host.getByRole('link', { name: 'New event' }).click();
  await host.getByRole('heading', { level: 1, name: 'New event' }).waitFor();

  // The client names a mistake next to its field before anything is sent.
  await host.getByRole('button', { name: 'Create the event' }).click();
  await host.getByText('This field is required').first().waitFor();

  await host.getByLabel('Title').fill(title);
  await host.getByLabel('Description').fill('How inspectors and prosecutors recognise debt bondage early.');
  await host.getByRole('textbox', { name: 'Meeting link' }).fill('https://meet.example.org/debt-bondage');
  expect(await host.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('UTC');
  await host.getByLabel('Starts').fill(wallUtc(startsAt));
  await host.getByLabel('Ends').fill(wallUtc(endsAt));
  await host.getByRole('button', { name: 'Add a speaker' }).click();
  await host.locator('label').filter({ hasText: /^Guest$/ }).click();
  await host.getByRole('radio', { name: 'Guest' }).isChecked().then((checked) => expect(checked).toBe(true));
  await host.getByLabel('Speaker 1: name').fill('Dr. Henrik Aalto');
  await host.getByLabel('Speaker 1: affiliation').fill('Baltic Labour Inspectorate Network');
  await host.getByRole('button', { name: 'Add an agenda item' }).click();
  await host.getByLabel('Item 1: title').fill('Indicators of debt bondage');

  const chooser = host.waitForEvent('filechooser');
  await host.getByRole('button', { name: 'Add documents' }).click();
  await (await chooser).setFiles({ name: 'invitation.pdf', mimeType: 'application/pdf', buffer: PDF });
  await host.getByRole('progressbar', { name: 'Upload of invitation.pdf' }).waitFor();
  await host.getByText(/^Uploaded · /).waitFor();
  await shot(host, 'events-01-form');
  await host.getByRole('button', { name: 'Create the event' }).click();
  await host.getByRole('heading', { level: 1, name: title }).waitFor();
  eventId = new URL(host.url()).pathname.split('/')[2];
  expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
  const [stored] = await t.sql<{ time_zone: string; starts_at: Date; meeting_url: string }>('SELECT time_zone, starts_at, meeting_url FROM events WHERE id = $1', [eventId]);
  expect(stored.time_zone).toBe('UTC');
  expect(Math.abs(new Date(stored.starts_at).getTime() - startsAt.getTime())).toBeLessThan(60_000);

  // --- The member, in Mexico City time, finds it in the calendar and registers.
  const memberContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'America/Mexico_City', acceptDownloads: true });
  const page = await newPage(memberContext, 'member');
  await signIn(page, t.url, member.user.email, member.password);
  await page.getByRole('navigation').getByRole('link', { name: 'Events' }).click();
  await page.getByText('Times are shown in your time zone: America/Mexico City').waitFor();
  const mexicoTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Mexico_City', hour: '2-digit', minute: '2-digit' }).format(startsAt);
  const card = page.getByRole('listitem').filter({ hasText: title });
  await card.getByText(mexicoTime, { exact: false }).waitFor();
  await shot(page, 'events-02-calendar');
  await card.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('You are registered.').waitFor();
  // The meeting link opens 30 minutes before the start: the start is 10 minutes away.
  expect(await page.getByRole('link', { name: 'Join the meeting' }).getAttribute('href')).toBe('https://meet.example.org/debt-bondage');
  await shot(page, 'events-03-registered');

  // The invitation comes through a signed link as an ordinary download, and it is the PDF.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Download invitation\.pdf/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('invitation.pdf');
  const bytes = await readFile((await file.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.length).toBe(PDF.length);
  const [logged] = await t.sql<{ n: string }>('SELECT count(*) AS n FROM file_downloads d JOIN users u ON u.id = d.user_id WHERE u.email = $1', [member.user.email]);
  expect(Number(logged.n)).toBe(1);

  // --- The member enters the live room; the host opens the console and starts the session.
  await page.getByRole('link', { name: 'Live room' }).click();
  await page.getByRole('heading', { level: 1, name: `Live room: ${title}` }).waitFor();
  await page.getByText('Not started yet').waitFor();
  await page.getByRole('status').filter({ hasText: /^Live$/ }).first().waitFor();

  await host.goto(`${t.url}/events/${eventId}/manage`);
  await host.getByRole('heading', { level: 1, name: `Host console: ${title}` }).waitFor();
  const registrations = host.getByRole('region', { name: 'Registrations' });
  await registrations.getByRole('link', { name: 'Inés Ferreira' }).waitFor();
  await host.getByRole('button', { name: 'Start the session' }).click();
  await host.getByText('The session is live.').waitFor();

  // The member's room follows: the session is live and they count as an attendee.
  await page.getByText('Live now').waitFor();
  await page.getByTestId('attendee-count').filter({ hasText: /^1$/ }).waitFor();
  await host.getByText('person in the live room').locator('xpath=preceding-sibling::*[1]').filter({ hasText: /^1$/ }).waitFor();

  // --- The member asks; the host sees the question appear without reloading.
  const question = 'Which indicators of debt bondage do labour inspectors record first?';
  await page.getByLabel('Your question').fill(question);
  await page.getByRole('button', { name: 'Ask' }).click();
  // The question is read from the list, not the composer (which still holds it until REST answers).
  const askedBy = { name: /^Question from Inés Ferreira/ };
  await page.getByRole('region', { name: 'Questions' }).getByRole('listitem', askedBy).getByText(question).waitFor();
  // Once the REST answer is in, the composer is cleared (the socket event may come first).
  const composer = page.getByLabel('Your question');
  for (const deadline = Date.now() + 10_000; (await composer.inputValue()) !== ''; await page.waitForTimeout(50)) {
    if (Date.now() > deadline) throw new Error('the question composer was not cleared');
  }
  const hostQuestions = host.getByRole('region', { name: 'Questions' });
  await hostQuestions.getByRole('listitem', askedBy).getByText(question).waitFor();
  await shot(host, 'events-04-host-console');

  // The host marks it answered, and the member sees that live too.
  await hostQuestions.getByRole('button', { name: /^Mark answered/ }).click();
  await page.getByRole('region', { name: 'Questions' }).getByText('Answered').waitFor();
  await shot(page, 'events-05-live-room');
  const [row] = await t.sql<{ status: string; n: string }>('SELECT status, (SELECT count(*) FROM event_questions WHERE event_id = $1) AS n FROM event_questions WHERE event_id = $1', [eventId]);
  expect(row).toEqual({ status: 'answered', n: '1' });

  expect(problems).toEqual([]);
  await memberContext.close();
  await hostContext.close();
}, 240_000);

test('the event pages have no serious accessibility violation (axe, WCAG 2.2 AA)', async () => {
  expect(eventId).not.toBe('');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true });
  const page = await newPage(context, 'audit');
  await signIn(page, t.url, ADMIN.email, ADMIN.password);
  const found: string[] = [];
  for (const [url, heading] of [
    ['/events', 'Events'],
    ['/events?view=month', 'Events'],
    [`/events/${eventId}`, /^Briefing on debt bondage/],
    [`/events/${eventId}/live`, /^Live room: /],
    [`/events/${eventId}/manage`, /^Host console: /],
    [`/events/${eventId}/edit`, 'Edit event'],
    ['/events/new', 'New event'],
  ] as const) {
    await page.goto(`${t.url}${url}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    // Let the queries and the live room settle before auditing.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    found.push(...(await seriousViolations(page)));
  }
  // The form with every field in error.
  await page.getByLabel('Title').fill('');
  await page.getByRole('button', { name: 'Create the event' }).click();
  await page.getByText('This field is required').first().waitFor();
  found.push(...(await seriousViolations(page)));
  await context.close();
  expect(found).toEqual([]);
}, 180_000);

test('the calendar list loads upcoming events a page at a time', async () => {
  const admin = await signInAdmin(t);
  const base = Date.now() + 30 * 24 * 3600_000;
  // More upcoming events than one page (50): the list offers to load the rest.
  for (let i = 0; i < 55; i += 1) {
    const startsAt = new Date(base + i * 3600_000);
    await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: `Paged workshop ${String(i).padStart(2, '0')}`, kind: 'workshop', startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(), timeZone: 'UTC', registrationMode: 'open', visibility: 'members',
      }),
    }).then((r) => expect(r.status).toBe(201));
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await newPage(context, 'calendar');
  await signIn(page, t.url, ADMIN.email, ADMIN.password);
  await page.goto(`${t.url}/events?kind=workshop`);
  await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
  const titles = page.getByRole('heading', { level: 3, name: /^Paged workshop/ });
  await page.getByRole('heading', { level: 3, name: 'Paged workshop 49' }).waitFor();
  expect(await titles.count()).toBe(50);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByRole('heading', { level: 3, name: 'Paged workshop 54' }).waitFor();
  expect(await titles.allTextContents()).toEqual(Array.from({ length: 55 }, (_, i) => `Paged workshop ${String(i).padStart(2, '0')}`));
  expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  await shot(page, 'events-calendar-paged');
  await context.close();
}, 120_000);
