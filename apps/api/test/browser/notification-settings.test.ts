import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, signIn, seriousViolations, shot, SHOTS } from '../support/browser.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { settle } from '../support/socket-client.js';

/**
 * Email preferences and one-click unsubscribe in real Chromium (SPEC O2, O3, I2): a member keeps
 * mentions in the app only on the settings page, the next mention is not mailed but still shown
 * in the app; switched back to email, the next one is mailed; that email's unsubscribe link,
 * opened signed out, switches mentions email off after one click. The pages pass axe.
 */

let t: TestApp;
let browser: Browser;
let writer: SignedIn;
let reader: SignedIn & { password: string };
let threadId: string;
const problems: string[] = [];

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);
const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
const mentionMails = async () => (await t.mails()).filter((m) => m.to.includes(reader.user.email) && m.subject.includes('mentioned you'));
const mentionCount = async () => (await t.sql(`SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'forum.mention'`, [reader.user.id])).length;

async function mention(body: string) {
  await t.http.post(`/api/v1/threads/${threadId}/posts`).set(auth(writer)).send({ body: `@${reader.user.handle} ${body}`, clientId: randomUUID() }).expect(201);
}
async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await settle(100);
  }
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
  const admin = await signInAdmin(t);
  writer = await createMember(t, { displayName: 'Lucía Romero', organisation: 'Fiscalía Especializada' });
  reader = await createMember(t, { displayName: 'Samuel Okoye', organisation: 'Lagos State Taskforce' });
  const slug = `email-${randomUUID().slice(0, 8)}`;
  const network = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: 'Prosecutors’ exchange', slug, description: 'Case practice.', visibility: 'open' }).expect(201)).body;
  for (const m of [writer, reader]) await t.http.post(`/api/v1/networks/${network.id}/join`).set(auth(m)).send({}).expect(201);
  threadId = (await t.http.post(`/api/v1/networks/${network.id}/threads`).set(auth(writer)).send({ title: 'Witness protection orders', body: 'Which court grants them fastest?', clientId: randomUUID() }).expect(201)).body.id;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('a member chooses “in the app” for mentions, then email again, and unsubscribes from the email’s link', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const page = await newPage(context, 'reader');
  await signIn(page, t.url, reader.user.email, reader.password);

  await page.getByRole('navigation').getByRole('link', { name: 'Email and notifications' }).click();
  await visible(page, page.getByRole('heading', { level: 1, name: 'Email and notifications' }), 'settings');
  const mentions = page.getByRole('radiogroup', { name: 'Mentions' });
  await mentions.getByText('In the app', { exact: true }).click();
  await visible(page, page.getByText('Your choices are saved.'), 'saved');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'notification-settings');

  await mention('can you check the order for case 12?');
  await until(async () => (await mentionCount()) === 1, 'the first mention in the app');
  await settle(300);
  expect(await mentionMails()).toHaveLength(0);

  await mentions.getByText('Email at once', { exact: true }).click();
  await until(async () => (await t.sql<{ channels: Record<string, string> }>(`SELECT channels FROM notification_preferences WHERE user_id = $1`, [reader.user.id]))[0]?.channels.mentions === 'email', 'the saved choice');
  await mention('and the one for case 13?');
  await until(async () => (await mentionMails()).length === 1, 'the mention email');

  // The email's footer link, opened in a browser that is not signed in.
  const [mail] = await mentionMails();
  // The footer's link to the web page, not the List-Unsubscribe header's API address.
  const link = [...mail.text.matchAll(/(http[^\s<>]+\/unsubscribe\?token=[A-Za-z0-9_.-]+)/g)].map((m) => m[1]).find((url) => !url.includes('/api/'));
  expect(link).toBeDefined();
  const outside = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const landing = await newPage(outside, 'unsubscribe');
  await landing.goto(link!.replace(/^http:\/\/[^/]+/, t.url));
  await visible(landing, landing.getByText(/Stop emails about mentions of you/), 'unsubscribe-question');
  expect(await seriousViolations(landing)).toEqual([]);
  await landing.getByRole('button', { name: 'Unsubscribe' }).click();
  await visible(landing, landing.getByText('You are unsubscribed'), 'unsubscribed');
  await shot(landing, 'unsubscribed');
  await outside.close();

  await page.reload();
  await visible(page, page.getByRole('heading', { level: 1, name: 'Email and notifications' }), 'settings-again');
  expect(await page.getByRole('radiogroup', { name: 'Mentions' }).getByRole('radio', { name: 'In the app' }).isChecked()).toBe(true);
  await context.close();
  expect(problems).toEqual([]);
}, 120_000);
