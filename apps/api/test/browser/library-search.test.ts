import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, signIn, seriousViolations, shot, SHOTS } from '../support/browser.js';
import { pdfWith } from '../support/document-fixtures.js';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * The library and search in real Chromium against the built web app (SPEC K1, K2, K4, S1–S3, I2):
 * a member adds a resource with a PDF to a restricted network's library, waits for its text to be
 * read, finds it by a word only the PDF holds through the header's type-ahead and the results page,
 * and downloads the file; an outsider searching the same word finds nothing; the pages pass axe.
 */

/** A word no other text holds: only the PDF's extracted text can make search find it. */
const RARE = 'quillfeatherwort';
const RESOURCE_TITLE = 'Inspection checklist for seasonal farms';

let t: TestApp;
let browser: Browser;
let admin: SignedIn;
let amina: SignedIn & { password: string };
let jonas: SignedIn & { password: string };
let network: { id: string; slug: string };
let threadId: string;
let postSeq: number;
let tmp: string;
const problems: string[] = [];

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);
const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

async function signInPage(context: BrowserContext, who: string, email: string, password: string): Promise<Page> {
  const page = await newPage(context, who);
  await signIn(page, t.url, email, password);
  return page;
}

/** Waits for a locator; on failure keeps a screenshot and says what the pages reported. */
async function visible(page: Page, locator: ReturnType<Page['locator']>, name: string, timeout?: number) {
  try {
    await locator.waitFor({ timeout });
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
  const created = await t.http
    .post('/api/v1/networks')
    .set(auth(admin))
    .send({ name: 'Labour Inspectors Exchange', description: 'Peers who **inspect** farms and factories.', visibility: 'restricted', tags: ['labour'] })
    .expect(201);
  network = { id: created.body.id, slug: created.body.slug };
  // Amina is a member of the restricted network; Jonas only of an open one.
  await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, 'member', 'active', now())`, [network.id, amina.user.id]);
  const open = await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: 'Open Practitioners Forum', description: 'Anyone may join.', visibility: 'open' }).expect(201);
  await t.http.post(`/api/v1/networks/${open.body.id}/join`).set(auth(jonas)).send({}).expect(201);

  // A library with something to filter on, one resource featured and a collection on the network home.
  const resource = (fields: Record<string, unknown>) =>
    t.http.post('/api/v1/resources').set(auth(admin)).send({ summary: '', tags: [], networkId: network.id, ...fields }).expect(201);
  const report = await resource({
    title: 'Annual report on labour exploitation in agriculture',
    summary: 'Findings from **twelve** inspectorates.',
    kind: 'report',
    language: 'en',
    countries: ['FR', 'West Africa'],
    tags: ['agriculture', 'labour'],
    publishedOn: '2025-03-14',
    url: 'https://example.org/reports/annual-labour-exploitation-agriculture-2025-with-a-rather-long-address.pdf',
  });
  await resource({ title: 'Guide de l’inspecteur du travail', kind: 'toolkit', language: 'fr', countries: ['FR'], tags: ['inspection'], url: 'https://example.org/guide' });
  await resource({ title: 'Case law digest: forced labour', kind: 'case-law', language: 'en', countries: ['NG'], tags: ['labour'], url: 'https://example.org/digest' });
  await t.http.patch(`/api/v1/resources/${report.body.id}`).set(auth(admin)).send({ featured: true }).expect(200);
  await t.http
    .post(`/api/v1/networks/${network.id}/collections`)
    .set(auth(admin))
    .send({ title: 'Start here', description: 'What new inspectors read first.', resourceIds: [report.body.id] })
    .expect(201);

  // A post in the restricted network with the same word: a post result opens its thread at that post.
  const thread = await t.http
    .post(`/api/v1/networks/${network.id}/threads`)
    .set(auth(amina))
    .send({ title: 'Plants seen on inspected farms', body: 'Which plants do you note?', tags: ['inspection'], clientId: randomUUID() })
    .expect(201);
  threadId = thread.body.id;
  const post = await t.http
    .post(`/api/v1/threads/${threadId}/posts`)
    .set(auth(amina))
    .send({ body: `We found ${RARE} growing near the workers' barracks.`, clientId: randomUUID() })
    .expect(201);
  postSeq = post.body.seq;

  tmp = await mkdtemp(path.join(os.tmpdir(), 'praxis-library-'));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('a member adds a resource with a PDF, finds it by a word inside the PDF and downloads it; an outsider finds nothing', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  const page = await signInPage(context, 'amina', amina.user.email, amina.password);

  // Network home: featured resources and the collection.
  await page.goto(`${t.url}/networks/${network.slug}`);
  await visible(page, page.getByRole('heading', { level: 2, name: 'Featured resources' }), 'library-network-home');
  await page.getByRole('heading', { level: 2, name: 'Start here' }).waitFor();
  await shot(page, 'library-01-network-home');

  // The network's library with its facets.
  await page.getByRole('main').getByRole('link', { name: 'Network library' }).first().click();
  await visible(page, page.getByRole('heading', { level: 1, name: 'Library of Labour Inspectors Exchange' }), 'library-network-library');
  await page.locator('p', { hasText: /^3 resources$/ }).waitFor();
  await page.getByRole('button', { name: 'Toolkit 1 resource' }).click();
  await page.locator('p', { hasText: /^1 resource$/ }).waitFor();
  await page.getByRole('link', { name: 'Guide de l’inspecteur du travail' }).waitFor();
  await shot(page, 'library-02-network-library-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.locator('p', { hasText: /^3 resources$/ }).waitFor();

  // The form: title, kind, language, a PDF whose upload finishes, then save.
  await page.getByRole('link', { name: 'Add resource' }).click();
  await visible(page, page.getByRole('heading', { level: 1, name: 'Add a resource' }), 'library-form');
  await page.getByRole('textbox', { name: 'Title' }).fill(RESOURCE_TITLE);
  await page.getByRole('textbox', { name: 'Summary' }).fill('What to check on a **seasonal** farm, in the order inspectors use.');
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Toolkit' }).click();
  await page.getByRole('combobox', { name: 'Language' }).click();
  await page.getByRole('option', { name: 'English' }).click();
  const pdfPath = path.join(tmp, 'seasonal-farm-checklist.pdf');
  await writeFile(pdfPath, await pdfWith(`Seasonal farm checklist.\nLook for ${RARE} near the barracks: it grows where water is kept.`));
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(pdfPath);
  await visible(page, page.getByText(/^Uploaded/), 'library-upload');
  await shot(page, 'library-03-form-uploaded');
  await page.getByRole('button', { name: 'Add the resource' }).click();

  // The resource page; the file's text is read in the background and the page asks again until it
  // is done: the member waits, without reloading, for the status to change.
  await visible(page, page.getByRole('heading', { level: 1, name: RESOURCE_TITLE }), 'library-resource');
  const resourceUrl = page.url();
  expect(new URL(resourceUrl).pathname).toMatch(/^\/resources\/[0-9a-f-]{36}$/);
  await visible(page, page.locator('[data-testid^="text-status-"]', { hasText: 'Text searchable' }), 'library-text-status', 30_000);
  await shot(page, 'library-04-resource');

  // Type-ahead in the header: the resource is suggested by the word inside its PDF.
  const box = page.getByRole('banner').getByRole('combobox', { name: 'Search Praxis' });
  await box.click();
  await box.pressSequentially(RARE.slice(0, 8));
  await box.pressSequentially(RARE.slice(8));
  await visible(page, page.getByRole('option', { name: new RegExp(RESOURCE_TITLE) }), 'library-suggestions');
  await shot(page, 'library-05-suggestions');
  await box.press('Enter');

  // The results page: the resource with the word marked in its snippet, and the post opening at its seq.
  await visible(page, page.getByRole('heading', { level: 1, name: `Search: ${RARE}` }), 'library-search');
  const results = page.getByRole('list', { name: 'Results' });
  const resourceHit = results.getByRole('listitem').filter({ has: page.getByRole('link', { name: RESOURCE_TITLE }) });
  await visible(page, resourceHit, 'library-search-hit');
  expect((await resourceHit.locator('mark').allInnerTexts()).map((m) => m.toLowerCase())).toContain(RARE);
  expect(await resourceHit.innerText()).not.toContain('**'); // the summary's Markdown is not shown as such
  const postLink = results.getByRole('link', { name: 'Post in “Plants seen on inspected farms”' });
  expect(await postLink.getAttribute('href')).toBe(`/threads/${threadId}?seq=${postSeq}`);
  await shot(page, 'library-06-search-results');

  await resourceHit.getByRole('link', { name: RESOURCE_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: RESOURCE_TITLE }).waitFor();
  expect(page.url()).toBe(resourceUrl);

  // Download: an ordinary browser download of the PDF's bytes.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Download seasonal-farm-checklist\.pdf/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('seasonal-farm-checklist.pdf');
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  await context.close();

  // An outsider (a member, but not of the restricted network) finds nothing by the same word.
  const outsiderContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const outsider = await signInPage(outsiderContext, 'jonas', jonas.user.email, jonas.password);
  const outsiderBox = outsider.getByRole('banner').getByRole('combobox', { name: 'Search Praxis' });
  await outsiderBox.fill(RARE);
  await outsider.getByText('No suggestions. Press Enter to search.').waitFor();
  await outsiderBox.press('Enter');
  await visible(outsider, outsider.getByText(`Nothing found for “${RARE}”.`), 'library-outsider-search');
  expect(await outsider.getByRole('list', { name: 'Results' }).count()).toBe(0);
  await shot(outsider, 'library-07-outsider-search');
  await outsider.goto(resourceUrl);
  await outsider.getByRole('heading', { level: 1, name: 'Resource not found' }).waitFor();
  await shot(outsider, 'library-08-outsider-resource');
  await outsiderContext.close();

  expect(problems).toEqual([]);
}, 180_000);

test('the library, resource, form and search pages have no serious accessibility violation (axe, WCAG 2.2 AA)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const page = await signInPage(context, 'audit', amina.user.email, amina.password);
  const [{ id }] = await t.sql<{ id: string }>('SELECT id FROM resources WHERE title = $1', [RESOURCE_TITLE]);
  const found: string[] = [];
  const audit = async (url: string, heading: string | RegExp) => {
    await page.goto(`${t.url}${url}`);
    await visible(page, page.getByRole('heading', { level: 1, name: heading }), `audit-${heading}`);
    await page.waitForLoadState('networkidle');
    found.push(...(await seriousViolations(page)));
  };
  await audit('/library', 'Library');
  await shot(page, 'library-09-hub-library');
  await audit(`/networks/${network.slug}/library`, 'Library of Labour Inspectors Exchange');
  await audit(`/resources/${id}`, RESOURCE_TITLE);
  await audit(`/resources/new?networkId=${network.id}`, 'Add a resource');
  await page.getByRole('button', { name: 'Add the resource' }).click(); // the errors shown
  await page.getByText('Give the resource a title.').waitFor();
  found.push(...(await seriousViolations(page)));
  await shot(page, 'library-10-form-errors');
  await audit(`/resources/${id}/edit`, 'Edit the resource');
  await audit(`/search?q=${RARE}`, `Search: ${RARE}`);
  await audit('/search', 'Search');
  await shot(page, 'library-11-search-empty');
  await context.close();
  expect(found).toEqual([]);
  expect(problems).toEqual([]);
}, 120_000);
