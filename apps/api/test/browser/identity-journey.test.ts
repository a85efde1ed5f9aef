import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage as recordingPage, seriousViolations, shot } from '../support/browser.js';
import { createMember, signInAdmin, startTestApp, tokenFromMail, type TestApp } from '../support/test-app.js';

/**
 * The identity journey in real Chromium against the built web app, served by the API exactly as
 * in production (same origin, same CSP): a person applies through the form, confirms their email,
 * an admin approves them in the access-request queue, and they sign in to their home page.
 */

const ADMIN = { email: 'root.admin@example.org', password: 'an admin password for tests' };

// The smallest well-formed PDF: the server checks the type from the content, not the name.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let t: TestApp;
let browser: Browser;
const problems: string[] = [];

const newPage = (context: BrowserContext, who: string): Promise<Page> => recordingPage(context, who, problems);

beforeAll(async () => {
  t = await startTestApp();
  await signInAdmin(t); // creates the first admin with known credentials
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('register, confirm the email, get approved by an admin, sign in and see the home page', async () => {
  const applicant = {
    email: `nadia.haddad.${Date.now().toString(36)}@example.org`,
    password: 'river lantern copper meadow',
    displayName: 'Nadia Haddad',
    organisation: 'Example Prosecution Service',
    jobTitle: 'Senior prosecutor',
    reason: 'I prosecute trafficking cases and coordinate with prosecutors in neighbouring countries.',
  };

  // --- The applicant: landing page, then the registration form.
  const applicantContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await newPage(applicantContext, 'applicant');
  await page.goto(t.url);
  await page.getByRole('heading', { name: /share what works/ }).waitFor();
  expect(await page.title()).toContain('Praxis');
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  await shot(page, '01-landing');

  await page.getByRole('banner').getByRole('link', { name: 'Request access' }).click();
  await page.getByRole('heading', { name: 'Request access', level: 1 }).waitFor();

  // Client-side rules first: an empty form names the wrong fields and sends nothing.
  await page.getByRole('button', { name: 'Send my request' }).click();
  await page.getByText('This field is required').first().waitFor();

  await page.getByLabel('Email address').fill(applicant.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(applicant.password);
  await page.getByLabel('Repeat the password').fill(applicant.password);
  await page.getByLabel('Full name').fill(applicant.displayName);
  await page.getByLabel('Job title').fill(applicant.jobTitle);
  await page.getByLabel(/^Organisation/).fill(applicant.organisation);
  await page.getByRole('combobox', { name: 'Type of organisation' }).click();
  await page.getByRole('option', { name: 'Government' }).click();
  await page.getByRole('combobox', { name: 'Country' }).fill('Tunis');
  await page.getByRole('option', { name: 'Tunisia' }).click();
  await page.getByLabel('Why you need access').fill(applicant.reason);
  await page.locator('input[type="file"]').setInputFiles({ name: 'nomination-letter.pdf', mimeType: 'application/pdf', buffer: PDF });
  await shot(page, '02-register-filled');
  await page.getByRole('button', { name: 'Send my request' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await shot(page, '03-register-done');

  const [row] = await t.sql<{ status: string; country: string; nomination_file_id: string | null }>(
    'SELECT status, country, nomination_file_id FROM users WHERE email = $1',
    [applicant.email],
  );
  expect(row).toMatchObject({ status: 'pending', country: 'TN' });
  expect(row.nomination_file_id).not.toBeNull();

  // --- The emailed link confirms the address.
  const token = await tokenFromMail(t, applicant.email, '/verify-email');
  await page.goto(`${t.url}/verify-email?token=${token}`);
  await page.getByText('Email confirmed').waitFor();

  // --- The applicant signs in and sees that the request is under review.
  await page.goto(`${t.url}/sign-in`);
  await page.getByLabel('Email address').fill(applicant.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(applicant.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Under review' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/status');
  await shot(page, '04-applicant-status');

  // --- An admin, in another browser profile, approves the request in the queue.
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const admin = await newPage(adminContext, 'admin');
  await admin.goto(`${t.url}/sign-in`);
  await admin.getByLabel('Email address').fill(ADMIN.email);
  await admin.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  await admin.getByRole('navigation').getByRole('link', { name: 'Access requests' }).click();
  const request = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: applicant.displayName }) });
  await request.waitFor();
  await request.getByText('Email confirmed').waitFor();
  await shot(admin, '05-admin-queue');
  // The letter is a members-only file: the page fetches it with the admin's token and saves it.
  const download = admin.waitForEvent('download');
  await request.getByRole('button', { name: /Nomination letter: nomination-letter\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe('nomination-letter.pdf');
  await request.getByRole('button', { name: `Approve ${applicant.displayName}` }).click();
  await admin.getByText(`${applicant.displayName} is now a member.`).waitFor();
  await request.waitFor({ state: 'detached' });
  await shot(admin, '06-admin-approved');
  expect((await t.sql<{ status: string }>('SELECT status FROM users WHERE email = $1', [applicant.email]))[0].status).toBe('active');

  // --- The new member signs out, signs in again and lands on their home page.
  await page.getByRole('button', { name: new RegExp(`^${applicant.displayName}.*account menu$`) }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: /share what works/ }).waitFor();
  await page.goto(`${t.url}/sign-in`);
  await page.getByLabel('Email address').fill(applicant.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(applicant.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${applicant.displayName}` }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/home');
  expect(await page.title()).toBe(`Welcome, ${applicant.displayName} · Praxis`);
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).waitFor();

  // A reload keeps the session through the httpOnly refresh cookie alone.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${applicant.displayName}` }).waitFor();
  await shot(page, '07-member-home');

  // The phone layout hides the navigation behind the menu button.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Open or close the menu' }).waitFor();
  await shot(page, '08-member-home-mobile');

  expect(problems).toEqual([]);
  await applicantContext.close();
  await adminContext.close();
}, 180_000);

test('the main pages have no serious accessibility violation (axe, WCAG 2.2 AA)', async () => {
  // axe is injected as a script, which the app's CSP rightly refuses: this context bypasses the
  // CSP for the audit only (the journey above runs under the real one).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  const page = await newPage(context, 'audit');
  const found: string[] = [];
  const audit = async (heading: RegExp | string) => {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    found.push(...(await seriousViolations(page)));
  };

  await page.goto(t.url);
  await audit(/share what works/);
  await page.goto(`${t.url}/register`);
  await audit('Request access');
  await page.getByRole('button', { name: 'Send my request' }).click(); // with every field in error
  await page.getByText('This field is required').first().waitFor();
  found.push(...(await seriousViolations(page)));
  await page.goto(`${t.url}/forgot-password`);
  await audit('Reset your password');
  await page.goto(`${t.url}/sign-in`);
  await audit('Sign in');

  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await audit(/^Welcome/);
  for (const [link, heading] of [
    ['Members', 'Member directory'],
    ['Access requests', 'Access requests'],
    ['Users', 'Users'],
    ['Profile', 'Your profile'],
    ['Sessions', 'Signed-in devices'],
    ['Email and notifications', 'Email and notifications'],
  ]) {
    await page.getByRole('navigation').getByRole('link', { name: link }).click();
    await audit(heading);
  }
  await context.close();
  expect(found).toEqual([]);
}, 120_000);

test('forgot password: the emailed link leads to a new password that signs in', async () => {
  const member = await createMember(t, { displayName: 'Tomas Varga' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await newPage(context, 'reset');
  await page.goto(`${t.url}/sign-in`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email address').fill(member.user.email);
  await page.getByRole('button', { name: 'Send the reset link' }).click();
  await page.getByText('If an account exists for this address').waitFor();

  const token = await tokenFromMail(t, member.user.email, '/reset-password');
  await page.goto(`${t.url}/reset-password?token=${token}`);
  const newPassword = 'granite orchard willow signal';
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('short');
  await page.getByRole('textbox', { name: 'Repeat the password' }).fill('short');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await page.getByText('The password must have at least 12 characters').waitFor();
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(newPassword);
  await page.getByRole('textbox', { name: 'Repeat the password' }).fill(newPassword);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await page.getByText('Password changed').waitFor();
  await shot(page, '09-password-reset');

  await page.getByRole('link', { name: 'Sign in' }).last().click();
  await page.getByLabel('Email address').fill(member.user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Welcome, Tomas Varga' }).waitFor();
  expect(problems).toEqual([]);
  await context.close();
}, 120_000);
