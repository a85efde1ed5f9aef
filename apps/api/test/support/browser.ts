import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * What every browser journey shares: Debian's Chromium driven by playwright-core against the built
 * web app (served by the API exactly as in production: same origin, same CSP), pages that record
 * every script error, screenshots, and the axe accessibility audit.
 */

const WEB_INDEX = fileURLToPath(new URL('../../../web/dist/index.html', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = process.env.PRAXIS_SCREENSHOTS ?? '/tmp/praxis-shots';
// axe-core is a devDependency of the web app (hoisted to the root node_modules).
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Checks that the web app is built and Chromium installed, then starts a headless Chromium. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`The web app is not built (${WEB_INDEX} is missing): run \`npm run build -w @praxis/web\` before \`npm run test:browser\`.`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (see .ci/run).`);
  await mkdir(SHOTS, { recursive: true });
  // chromium.launch starts from a fresh temporary profile of its own each time and deletes it on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page whose script errors and console errors (a CSP violation, say) land in `problems`. */
export async function newPage(context: BrowserContext, who: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 40[14]/.test(message.text())) {
      problems.push(`${who}: console error: ${message.text()}`);
    }
  });
  return page;
}

/** Signs in through the sign-in form at `baseUrl` and waits for the member's home page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
}

/** A full-page screenshot under SHOTS, for people to look at (CI keeps them as artefacts). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * WCAG 2.2 AA rules that axe can check automatically; SPEC I2 asks for no serious violation. axe is
 * injected as a script, which the app's CSP rightly refuses: audit in a context made with `bypassCSP`.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`)) as {
    id: string;
    impact: string;
    help: string;
    targets: string[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${new URL(page.url()).pathname}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
}
