import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, signIn, seriousViolations, shot, SHOTS } from '../support/browser.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * Live threads in real Chromium against the built web app (SPEC F2, F3, F10, R3, R4b, I2): two
 * members on one thread in two browser contexts see each other's posts, reactions, typing and
 * presence live; a post full of XSS payloads runs no script; the forum pages pass axe.
 */


let t: TestApp;
let browser: Browser;
let admin: SignedIn;
let amina: SignedIn & { password: string };
let jonas: SignedIn & { password: string };
let network: { id: string; slug: string };
let threadId: string;
const problems: string[] = [];

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);

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

async function waitUntil(check: () => Promise<boolean>, timeout = 15_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t);
  amina = await createMember(t, { displayName: 'Amina Diallo', organisation: 'West Africa Taskforce' });
  jonas = await createMember(t, { displayName: 'Jonas Berg', organisation: 'Nordic Migrant Rights Centre' });
  const created = await t.http
    .post('/api/v1/networks')
    .set('Authorization', `Bearer ${admin.token}`)
    .send({ name: 'Labour Inspectors Exchange', description: 'Peers who **inspect** farms and factories.', visibility: 'open', tags: ['labour'] })
    .expect(201);
  network = { id: created.body.id, slug: created.body.slug };
  for (const member of [amina, jonas]) {
    await t.http.post(`/api/v1/networks/${network.id}/join`).set('Authorization', `Bearer ${member.token}`).send({}).expect(201);
  }
  const thread = await t.http
    .post(`/api/v1/networks/${network.id}/threads`)
    .set('Authorization', `Bearer ${amina.token}`)
    .send({ title: 'Debt bondage indicators on farms', body: 'Which indicators do you check first?', tags: ['indicators'] })
    .expect(201);
  threadId = thread.body.id;
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('two members see each other’s posts, reactions, typing and presence live, catch up after going offline; XSS payloads run nothing', async () => {
  const aminaContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const jonasContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const a = await signInPage(aminaContext, 'amina', amina.user.email, amina.password);
  const j = await signInPage(jonasContext, 'jonas', jonas.user.email, jonas.password);

  // Through the navigation: directory -> network home -> discussions -> the thread.
  await j.getByRole('navigation').getByRole('link', { name: 'Networks' }).click();
  await j.getByRole('heading', { level: 1, name: 'Networks' }).waitFor();
  await j.getByRole('link', { name: 'Labour Inspectors Exchange' }).click();
  await j.getByRole('heading', { level: 1, name: 'Labour Inspectors Exchange' }).waitFor();
  await j.getByRole('link', { name: 'Debt bondage indicators on farms' }).first().click();
  await j.getByRole('heading', { level: 1, name: 'Debt bondage indicators on farms' }).waitFor();
  await a.goto(`${t.url}/threads/${threadId}`);
  await visible(a, a.getByRole('heading', { level: 1, name: 'Debt bondage indicators on farms' }), 'forum-open-thread');
  for (const page of [a, j]) await page.getByTestId('thread-sync-state').filter({ hasText: 'Live' }).waitFor();

  // Presence: each sees the other viewing.
  await a.getByText('1 other person viewing').waitFor();
  await j.getByText('1 other person viewing').waitFor();

  // Jonas types: Amina sees it; then he sends, with an @mention picked from the suggestions.
  const jonasField = j.getByRole('textbox', { name: /^Reply/ });
  await jonasField.click();
  await jonasField.pressSequentially('Debt first, documents second. @Ami');
  await j.getByRole('option', { name: /Amina Diallo/ }).click();
  await a.getByText('Jonas Berg is typing…').waitFor();
  expect(await jonasField.inputValue()).toContain('@Amina Diallo'); // shown by name, sent as @handle
  await j.getByRole('button', { name: 'Send' }).click();
  await waitUntil(async () => (await jonasField.inputValue()) === '');

  // Amina sees it arrive without reloading, announced politely. (It lands on screen, so it counts
  // as seen at once: the "N new posts" button is for posts below the reader's place, see ThreadPage.test.)
  await a.getByText('Debt first, documents second.').waitFor();
  expect(await a.locator('article', { hasText: 'Debt first, documents second.' }).innerText()).toContain(`@${amina.user.handle}`);
  await a.getByTestId('live-announcer').filter({ hasText: '1 new post' }).waitFor();
  await shot(a, 'forum-01-live-post-arrived');

  // Amina reacts to Jonas's post; Jonas sees the count change live.
  const jonasPostOnA = a.locator('article', { hasText: 'Debt first, documents second.' });
  await jonasPostOnA.getByRole('button', { name: 'Add a reaction' }).click();
  await a.getByRole('menuitem', { name: 'Insightful' }).click();
  await jonasPostOnA.getByRole('button', { name: 'Insightful: 1 reaction' }).waitFor();
  const ownPostOnJ = j.locator('article', { hasText: 'Debt first, documents second.' });
  await ownPostOnJ.getByRole('button', { name: 'Insightful: 1 reaction' }).waitFor();
  expect(await ownPostOnJ.getByRole('button', { name: 'Insightful: 1 reaction' }).getAttribute('aria-pressed')).toBe('false');

  // Jonas loses the connection; a post written meanwhile reaches him when he is back (R4, R4b).
  await jonasContext.setOffline(true);
  await j.getByTestId('thread-sync-state').filter({ hasText: 'Reconnecting' }).waitFor();
  await t.http
    .post(`/api/v1/threads/${threadId}/posts`)
    .set('Authorization', `Bearer ${amina.token}`)
    .send({ body: 'Written while Jonas was offline.', clientId: '6f1c7a52-3b1e-4c55-9a51-2f0b9d1e7c01' })
    .expect(201);
  await jonasContext.setOffline(false);
  await j.locator('article').getByText('Written while Jonas was offline.').waitFor();
  await j.getByTestId('thread-sync-state').filter({ hasText: 'Live' }).waitFor();
  expect(await j.locator('article').filter({ hasText: 'Written while Jonas was offline.' }).count()).toBe(1);

  // Amina answers; Jonas sees it live.
  const aminaField = a.getByRole('textbox', { name: /^Reply/ });
  await aminaField.fill('Agreed: recruitment fees deducted from wages are the first sign.');
  await a.getByRole('button', { name: 'Send' }).click();
  await j.getByText('recruitment fees deducted from wages are the first sign').waitFor();

  // XSS: raw HTML, a javascript: link and an event handler, sent through the real composer.
  const payload = [
    '<img src=x onerror="window.__xss=1">',
    '[click me](javascript:window.__xss=2)',
    '<script>window.__xss=3</script>',
    '<a href="javascript:window.__xss=4" onclick="window.__xss=5">raw link</a>',
    '![img](x" onerror="window.__xss=6)',
    'Final line of the payload post.',
  ].join('\n\n');
  await aminaField.fill(payload);
  await a.getByRole('button', { name: 'Send' }).click();
  await j.locator('article').getByText('Final line of the payload post.').waitFor();
  await a.locator('article').getByText('Final line of the payload post.').waitFor();
  await waitUntil(async () => (await aminaField.inputValue()) === ''); // sent: the composer is empty again
  for (const page of [a, j]) {
    const xssPost = page.locator('article', { hasText: 'Final line of the payload post.' });
    // Whatever is shown, nothing is executable: no <img src=x>, no javascript: link, no handler.
    expect(await xssPost.locator('.praxis-post-body img').count()).toBe(0);
    expect(await xssPost.locator('.praxis-post-body a[href^="javascript" i]').count()).toBe(0);
    expect(await xssPost.locator('.praxis-post-body script').count()).toBe(0);
    expect(await xssPost.locator('.praxis-post-body [onerror], .praxis-post-body [onclick]').count()).toBe(0);
    const clickable = xssPost.getByText('click me');
    if (await clickable.count()) await clickable.first().click();
    await page.waitForTimeout(300);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  }
  await shot(j, 'forum-02-xss-post-inert');

  // The read position follows what Jonas had on screen (F6): up to the last post.
  const [{ last }] = await t.sql<{ last: string }>('SELECT max(seq) AS last FROM posts WHERE thread_id = $1', [threadId]);
  await waitUntil(async () => {
    const rows = await t.sql<{ read_seq: string }>('SELECT read_seq FROM thread_reads WHERE thread_id = $1 AND user_id = $2', [threadId, jonas.user.id]);
    return Number(rows[0]?.read_seq ?? 0) >= Number(last);
  });

  // Reload keeps everything (REST).
  await j.reload();
  await visible(j, j.locator('article').getByText('Final line of the payload post.'), 'forum-reload');
  expect(await j.evaluate('window.__xss')).toBeUndefined();

  expect(problems).toEqual([]);
  await aminaContext.close();
  await jonasContext.close();
}, 180_000);

test('the networks and forum pages have no serious accessibility violation (axe, WCAG 2.2 AA)', async () => {
  // The admin owns the network: members page, moderation menu and create modal are all shown.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const page = await signInPage(context, 'audit', 'root.admin@example.org', 'an admin password for tests');
  const found: string[] = [];
  const audit = async (url: string, heading: string | RegExp) => {
    await page.goto(`${t.url}${url}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForLoadState('networkidle');
    found.push(...(await seriousViolations(page)));
  };
  await audit('/networks', 'Networks');
  await page.getByRole('button', { name: 'Create a network' }).click();
  await page.getByRole('dialog').waitFor();
  await page.waitForTimeout(500); // the opening transition, so colours are measured at full opacity
  found.push(...(await seriousViolations(page)));
  await page.keyboard.press('Escape');
  await audit(`/networks/${network.slug}`, 'Labour Inspectors Exchange');
  await audit(`/networks/${network.slug}/threads`, 'Discussions in Labour Inspectors Exchange');
  await audit(`/networks/${network.slug}/new-thread`, 'Start a thread');
  await audit(`/networks/${network.slug}/members`, 'Members');
  await audit(`/threads/${threadId}`, 'Debt bondage indicators on farms');
  await page.getByRole('tab', { name: 'Preview' }).click();
  found.push(...(await seriousViolations(page)));
  await shot(page, 'forum-03-thread-admin');
  await context.close();
  expect(found).toEqual([]);
}, 120_000);
