import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, signIn, seriousViolations, shot, SHOTS } from '../support/browser.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * The admin dashboard and hub settings in real Chromium (SPEC D1, D2, I2): an admin opens the
 * dashboard from the navigation, sees its charts drawn, downloads a table as CSV and reads it,
 * then renames the hub in the settings and sees the new name in the header and the tab title;
 * with registration closed, a visitor's register page says so. The pages pass axe.
 */

let t: TestApp;
let browser: Browser;
let admin: SignedIn;
const problems: string[] = [];
const ADMIN_PASSWORD = 'an admin password for tests';

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);
const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

/** Waits for a locator; on failure keeps a screenshot and says what the pages reported. */
async function visible(page: Page, locator: ReturnType<Page['locator']>, name: string) {
  try {
    await locator.first().waitFor();
  } catch (error) {
    await shot(page, `failed-${name}`);
    throw new Error(`${String(error)}\nscreenshot: ${SHOTS}/failed-${name}.png; page problems: ${problems.join(' | ') || 'none'}`);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  const members = [await createMember(t, { displayName: 'Lucía Romero' }), await createMember(t, { displayName: 'Samuel Okoye' }), await createMember(t)];
  const network = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: 'Prosecutors’ exchange', slug: `pros-${randomUUID().slice(0, 6)}`, description: 'Case practice.', visibility: 'open' }).expect(201)).body;
  for (const m of members) await t.http.post(`/api/v1/networks/${network.id}/join`).set(auth(m)).send({}).expect(201);
  const topics: [string, string[]][] = [
    ['Witness protection orders', ['witnesses', 'courts']],
    ['Financial investigations', ['finance', 'courts']],
    ['Shelter capacity in the north', ['shelters']],
  ];
  for (const [title, tags] of topics) {
    const thread = (await t.http.post(`/api/v1/networks/${network.id}/threads`).set(auth(members[0])).send({ title, body: 'What is your practice?', tags, clientId: randomUUID() }).expect(201)).body;
    for (const m of [admin, members[0]]) await t.http.post(`/api/v1/threads/${thread.id}/posts`).set(auth(m)).send({ body: 'In our unit we…', clientId: randomUUID() }).expect(201);
  }
  // Some earlier weeks, so that the activity chart has a shape.
  await t.sql(`UPDATE threads SET created_at = now() - interval '2 weeks' WHERE title = 'Financial investigations'`);
  await t.sql(`UPDATE posts SET created_at = now() - interval '2 weeks' WHERE thread_id IN (SELECT id FROM threads WHERE title = 'Financial investigations')`);
  await t.sql(`UPDATE threads SET created_at = now() - interval '5 weeks' WHERE title = 'Shelter capacity in the north'`);
  await t.sql(`UPDATE posts SET created_at = now() - interval '5 weeks' WHERE thread_id IN (SELECT id FROM threads WHERE title = 'Shelter capacity in the north')`);

  const eventId = randomUUID();
  await t.sql(
    `INSERT INTO events (id, title, kind, starts_at, ends_at, time_zone, registration_mode, visibility, created_by)
     VALUES ($1, 'Inter-agency briefing: smuggling routes', 'briefing', now() - interval '3 days', now() - interval '3 days' + interval '1 hour', 'UTC', 'open', 'members', $2)`,
    [eventId, admin.user.id],
  );
  for (const m of members) await t.sql(`INSERT INTO event_registrations (event_id, user_id, status) VALUES ($1, $2, 'registered')`, [eventId, m.user.id]);
  for (const m of members.slice(0, 2)) {
    await t.sql(`INSERT INTO event_attendance (event_id, user_id, joined_at, left_at) VALUES ($1, $2, now() - interval '3 days', now() - interval '3 days' + interval '1 hour')`, [eventId, m.user.id]);
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('an admin reads the dashboard, downloads a CSV and renames the hub; a closed hub says so on its register page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true, acceptDownloads: true });
  const page = await newPage(context, 'admin');
  await signIn(page, t.url, admin.user.email, ADMIN_PASSWORD);

  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Dashboard' }).click();
  await visible(page, page.getByRole('heading', { level: 1, name: 'Dashboard' }), 'dashboard');
  await visible(page, page.getByText('Active in the last 30 days'), 'dashboard-figures');
  // The charts are drawn: one SVG each, with bars for the weeks, the event and the tags.
  await visible(page, page.locator('[data-testid="activity-chart"] .recharts-bar-rectangle path'), 'activity-bars');
  expect(await page.locator('[data-testid="activity-chart"] .recharts-bar-rectangle path').count()).toBeGreaterThanOrEqual(3);
  expect(await page.locator('[data-testid="events-chart"] .recharts-bar-rectangle path').count()).toBe(2);
  expect(await page.locator('[data-testid="tags-chart"] .recharts-bar-rectangle path').count()).toBeGreaterThanOrEqual(4);
  const events = page.getByRole('table', { name: 'Event registrations and attendance' });
  await visible(page, events.getByRole('row', { name: /Inter-agency briefing: smuggling routes/ }), 'events-table');
  expect(await events.getByRole('row', { name: /Inter-agency briefing/ }).innerText()).toMatch(/3\s+2\s+67%/);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'admin-dashboard');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Forum activity as CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^dashboard-activity-\d{4}-\d\d-\d\d\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).split('\r\n');
  expect(csv[0]).toBe('week_start,threads,posts');
  expect(csv).toHaveLength(14);
  // This week: one thread, its opening post and two replies; two and five weeks ago the same.
  expect(csv[12]).toMatch(/^\d{4}-\d\d-\d\d,1,3$/);
  expect(csv[10]).toMatch(/^\d{4}-\d\d-\d\d,1,3$/);
  expect(csv[7]).toMatch(/^\d{4}-\d\d-\d\d,1,3$/);

  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Settings' }).click();
  await visible(page, page.getByRole('heading', { level: 1, name: 'Hub settings' }), 'settings');
  const name = page.getByRole('textbox', { name: 'Hub name' });
  await name.fill('Counter-Trafficking Hub');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await visible(page, page.getByText('Settings saved'), 'settings-saved');
  await visible(page, page.getByRole('banner').getByText('Counter-Trafficking Hub'), 'header-name');
  expect(await page.title()).toBe('Hub settings · Counter-Trafficking Hub');
  expect(await t.sql('SELECT hub_name FROM hub_settings')).toEqual([{ hub_name: 'Counter-Trafficking Hub' }]);
  expect(await t.sql(`SELECT actor_id, details->'after' AS after FROM audit_log WHERE action = 'hub.settings-updated'`)).toEqual([
    { actor_id: admin.user.id, after: { hubName: 'Counter-Trafficking Hub' } },
  ]);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'admin-settings');

  // A visitor, after the admin closed registration.
  await page.getByRole('switch', { name: /Registration is open/ }).click({ force: true });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await visible(page, page.getByText('Settings saved'), 'settings-saved-2');
  await context.close();
  const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const visitor = await newPage(visitorContext, 'visitor');
  await visitor.goto(`${t.url}/register`);
  await visible(visitor, visitor.getByRole('heading', { level: 1, name: 'Registration is closed' }), 'register-closed');
  await visible(visitor, visitor.getByText('Counter-Trafficking Hub is not accepting new applications'), 'register-closed-body');
  expect(await visitor.getByRole('button', { name: 'Send my request' }).count()).toBe(0);
  expect(await seriousViolations(visitor)).toEqual([]);
  await shot(visitor, 'register-closed');
  await visitorContext.close();

  expect(problems).toEqual([]);
});
