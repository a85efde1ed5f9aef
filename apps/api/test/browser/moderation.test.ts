import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, signIn, seriousViolations, shot, SHOTS } from '../support/browser.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * Moderation in real Chromium against the built web app (SPEC M1, M2, R3, I2): a member reports a
 * post through the dialog, a moderator opens the network's queue from the network home and hides
 * the post with one click, and a reader who has the thread open loses the post live, without
 * reloading. Then axe on the report dialog and every moderation page.
 */

let t: TestApp;
let browser: Browser;
let admin: SignedIn;
let amina: SignedIn & { password: string };
let jonas: SignedIn & { password: string };
let lena: SignedIn & { password: string };
let maria: SignedIn & { password: string };
let network: { id: string; slug: string };
let threadId: string;
const problems: string[] = [];
const DISCLOSURE = 'The girl at the Kano shelter is Fatima, aged 15.';

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);
const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

async function signInPage(context: BrowserContext, who: string, email: string, password: string): Promise<Page> {
  const page = await newPage(context, who);
  await signIn(page, t.url, email, password);
  return page;
}

/** Waits for a locator; on failure keeps a screenshot and says what the pages reported. */
async function visible(page: Page, locator: ReturnType<Page['locator']>, name: string) {
  try {
    await locator.waitFor();
  } catch (error) {
    await shot(page, `failed-${name}`);
    throw new Error(`${String(error)}\nscreenshot: ${SHOTS}/failed-${name}.png; page problems: ${problems.join(' | ') || 'none'}`);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  amina = await createMember(t, { displayName: 'Amina Diallo', organisation: 'West Africa Taskforce' });
  jonas = await createMember(t, { displayName: 'Jonas Berg', organisation: 'Nordic Migrant Rights Centre' });
  lena = await createMember(t, { displayName: 'Lena Fischer', organisation: 'Federal Criminal Police' });
  maria = await createMember(t, { displayName: 'Maria Santos', organisation: 'Labour Inspectorate' });
  const created = await t.http
    .post('/api/v1/networks')
    .set(auth(admin))
    .send({ name: 'Shelter Practitioners', description: 'People who run **shelters** for victims.', visibility: 'open' })
    .expect(201);
  network = { id: created.body.id, slug: created.body.slug };
  for (const member of [amina, jonas, lena, maria]) {
    await t.http.post(`/api/v1/networks/${network.id}/join`).set(auth(member)).send({}).expect(201);
  }
  await t.http.patch(`/api/v1/networks/${network.id}/members/${maria.user.id}`).set(auth(admin)).send({ role: 'moderator' }).expect(200);
  const thread = await t.http
    .post(`/api/v1/networks/${network.id}/threads`)
    .set(auth(amina))
    .send({ title: 'Shelter capacity this winter', body: 'How many places do you have left?', clientId: randomUUID() })
    .expect(201);
  threadId = thread.body.id;
  await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(jonas)).send({ body: DISCLOSURE, clientId: randomUUID() }).expect(201);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('a member reports a post, a moderator hides it from the queue with one click, and a reader loses it live', async () => {
  const viewport = { width: 1280, height: 900 };
  const lenaContext = await browser.newContext({ viewport, locale: 'en-GB' });
  const aminaContext = await browser.newContext({ viewport, locale: 'en-GB' });
  const mariaContext = await browser.newContext({ viewport, locale: 'en-GB' });

  // Lena reads the thread and keeps it open.
  const l = await signInPage(lenaContext, 'lena', lena.user.email, lena.password);
  await l.goto(`${t.url}/threads/${threadId}`);
  await visible(l, l.locator('article').getByText(DISCLOSURE), 'moderation-reader-open');
  await l.getByTestId('thread-sync-state').filter({ hasText: 'Live' }).waitFor();

  // Amina reports Jonas's post through the dialog; her own posts offer no Report.
  const a = await signInPage(aminaContext, 'amina', amina.user.email, amina.password);
  await a.goto(`${t.url}/threads/${threadId}`);
  await visible(a, a.locator('article').getByText(DISCLOSURE), 'moderation-reporter-open');
  expect(await a.getByRole('button', { name: 'Report the post by Amina Diallo' }).count()).toBe(0);
  await a.getByRole('button', { name: 'Report the post by Jonas Berg' }).click();
  const dialog = a.getByRole('dialog', { name: 'Report this post' });
  await dialog.waitFor();
  // Keyboard: the reasons are a radio group reached with Tab and chosen with the arrows.
  await dialog.getByRole('radio', { name: 'Spam or advertising' }).focus();
  await a.keyboard.press('ArrowDown');
  await a.keyboard.press('ArrowDown');
  expect(await dialog.getByRole('radio', { name: 'Sensitive information disclosed' }).isChecked()).toBe(true);
  await dialog.getByRole('textbox', { name: /Note for the moderators/ }).fill('Names a child victim and her shelter.');
  await a.waitForTimeout(300); // the opening transition, for the screenshot
  await a.screenshot({ path: `${SHOTS}/moderation-01-report-dialog.png` });
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await a.getByText('Report sent').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  const [stored] = await t.sql<{ reason: string; note: string; status: string }>('SELECT reason, note, status FROM reports WHERE reporter_id = $1', [amina.user.id]);
  expect(stored).toEqual({ reason: 'sensitive-data', note: 'Names a child victim and her shelter.', status: 'open' });

  // Maria, a moderator, finds the queue from the network home; Lena (a member) sees no such link.
  const m = await signInPage(mariaContext, 'maria', maria.user.email, maria.password);
  await m.goto(`${t.url}/networks/${network.slug}`);
  await m.getByRole('heading', { level: 1, name: 'Shelter Practitioners' }).waitFor();
  await m.getByRole('link', { name: 'Moderation' }).click();
  await m.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
  const card = m.getByRole('article', { name: 'Post in “Shelter capacity this winter”' });
  await visible(m, card, 'moderation-queue');
  await card.getByText(DISCLOSURE).waitFor();
  await card.getByText('Names a child victim and her shelter.').waitFor();
  expect(await card.getByRole('link', { name: 'Post in “Shelter capacity this winter”' }).getAttribute('href')).toMatch(new RegExp(`^/threads/${threadId}\\?seq=\\d+$`));
  await shot(m, 'moderation-02-queue');

  await card.getByRole('button', { name: 'Hide post' }).click();
  await m.getByText('No open reports. Nothing needs your attention.').waitFor();
  await m.getByRole('status').filter({ hasText: 'Post hidden. The report is closed.' }).waitFor();

  // Lena loses the post without reloading.
  await visible(l, l.getByText('This post was deleted.'), 'moderation-reader-lost-post');
  expect(await l.getByText(DISCLOSURE).count()).toBe(0);
  expect(await l.getByTestId('thread-sync-state').textContent()).toContain('Live');

  // The decision is on the resolved tab and in the audit log.
  await m.getByRole('tab', { name: 'Resolved' }).click();
  await m.getByRole('article', { name: 'Post in “Shelter capacity this winter”' }).getByText(/Post hidden · by Maria Santos/).waitFor();
  await m.getByRole('tab', { name: 'Audit log' }).click();
  await m.getByRole('cell', { name: 'Report resolved: Post hidden (1 report)' }).waitFor();
  await shot(m, 'moderation-03-audit-log');

  await l.goto(`${t.url}/networks/${network.slug}`);
  await l.getByRole('heading', { level: 1, name: 'Shelter Practitioners' }).waitFor();
  expect(await l.getByRole('link', { name: 'Moderation' }).count()).toBe(0);

  expect(problems).toEqual([]);
  await Promise.all([lenaContext.close(), aminaContext.close(), mariaContext.close()]);
}, 180_000);

test('the report dialog and the moderation pages have no serious accessibility violation (axe, WCAG 2.2 AA)', async () => {
  // Something in each list: an open report, a post waiting for approval, audit lines, a hub-wide report.
  const post = await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(jonas)).send({ body: 'Buy cheap visas here.', clientId: randomUUID() }).expect(201);
  await t.http.post('/api/v1/reports').set(auth(amina)).send({ targetType: 'post', targetId: post.body.id, reason: 'spam', note: 'Advert' }).expect(201);
  await t.http.post('/api/v1/reports').set(auth(amina)).send({ targetType: 'user', targetId: jonas.user.id, reason: 'harassment' }).expect(201);
  await t.http.patch(`/api/v1/networks/${network.id}`).set(auth(admin)).send({ premoderation: { posts: 1, days: 30 } }).expect(200);
  const newcomer = await createMember(t, { displayName: 'Nadia Haddad' });
  await t.http.post(`/api/v1/networks/${network.id}/join`).set(auth(newcomer)).send({}).expect(201);
  await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(newcomer)).send({ body: 'My first post here.', clientId: randomUUID() }).expect(202);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const page = await signInPage(context, 'audit', 'root.admin@example.org', 'an admin password for tests');
  const found: string[] = [];
  const audit = async (url: string, heading: string, ready: string) => {
    await page.goto(`${t.url}${url}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByText(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    found.push(...(await seriousViolations(page)));
  };
  await audit(`/networks/${network.slug}/moderation`, 'Moderation', 'Buy cheap visas here.');
  await page.getByRole('button', { name: 'Ban from network…' }).click();
  await page.getByRole('dialog').waitFor();
  await page.waitForTimeout(500); // the opening transition, so colours are measured at full opacity
  found.push(...(await seriousViolations(page)));
  await page.keyboard.press('Escape');
  await audit(`/networks/${network.slug}/moderation?tab=resolved`, 'Moderation', 'Post hidden');
  await audit(`/networks/${network.slug}/moderation?tab=held`, 'Moderation', 'My first post here.');
  await audit(`/networks/${network.slug}/moderation?tab=audit`, 'Moderation', 'Report resolved: Post hidden (1 report)');
  await audit('/admin/reports', 'Reports', 'Jonas Berg');
  await shot(page, 'moderation-04-hub-queue');
  await audit(`/members/${jonas.user.id}`, 'Jonas Berg', 'Report');
  await page.getByRole('button', { name: 'Report' }).click();
  await page.getByRole('dialog', { name: 'Report this member' }).waitFor();
  await page.waitForTimeout(500);
  found.push(...(await seriousViolations(page)));
  await context.close();
  expect(found).toEqual([]);
}, 120_000);
