import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubApi } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { RegisterPage } from './RegisterPage';

afterEach(() => vi.unstubAllGlobals());

const OPEN = { hubName: 'Praxis', registrationOpen: true };

/** The text a screen reader announces with a field: every element its aria-describedby names. */
function describedText(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('RegisterPage', () => {
  it('shows each client-side problem next to its field and sends nothing', async () => {
    const api = stubApi({ 'GET /api/v1/hub': () => json(OPEN) });
    renderWithProviders(<RegisterPage />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Email address/), 'nope');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'short');
    await user.click(screen.getByRole('button', { name: 'Send my request' }));

    const email = screen.getByLabelText(/Email address/);
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(describedText(email)).toContain('Enter a valid email address');
    expect(describedText(screen.getByLabelText(/^Password/, { selector: 'input' }))).toContain('The password must have at least 12 characters');
    expect(api.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  }, 30_000);

  it('places the server field errors from details next to the right field', async () => {
    const api = stubApi({
      'GET /api/v1/hub': () => json(OPEN),
      'POST /api/v1/auth/register': () =>
        json(
          {
            statusCode: 400,
            error: 'Bad Request',
            message: 'Invalid input: password is among the most common passwords; choose another',
            details: [{ field: 'password', messages: ['password is among the most common passwords; choose another'] }],
          },
          400,
        ),
    });
    renderWithProviders(<RegisterPage />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Email address/), 'amina.diallo@example.org');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'passwordpassword1');
    await user.type(screen.getByLabelText(/Repeat the password/), 'passwordpassword1');
    await user.type(screen.getByLabelText(/Full name/), 'Amina Diallo');
    await user.type(screen.getByLabelText(/Job title/), 'Investigator');
    await user.type(screen.getByLabelText(/^Organisation/), 'Example Unit');
    await user.click(screen.getByLabelText(/Type of organisation/, { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Government' }));
    await user.type(screen.getByLabelText(/Country/, { selector: 'input' }), 'Seneg');
    await user.click(await screen.findByRole('option', { name: 'Senegal' }));
    await user.type(screen.getByLabelText(/Why you need access/), 'I investigate trafficking cases across West Africa.');
    await user.click(screen.getByRole('button', { name: 'Send my request' }));

    await waitFor(() => expect(api.to('POST', '/api/v1/auth/register')).toHaveLength(1));
    expect(api.to('POST', '/api/v1/auth/register')[0].body).toMatchObject({ country: 'SN', organisationType: 'government', email: 'amina.diallo@example.org' });
    const password = screen.getByLabelText(/^Password/, { selector: 'input' });
    // The server's message is tied to the password input, not shown in a banner far away.
    await waitFor(() => expect(describedText(password)).toContain('password is among the most common passwords; choose another'));
  }, 30_000);

  it('says registration is closed, with the hub name, instead of showing the form', async () => {
    const api = stubApi({ 'GET /api/v1/hub': () => json({ hubName: 'Counter-Trafficking Hub', registrationOpen: false }) });
    renderWithProviders(<RegisterPage />);
    expect(await screen.findByRole('heading', { name: 'Registration is closed' })).toBeInTheDocument();
    expect(screen.getByText(/Counter-Trafficking Hub is not accepting new applications/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
    expect(screen.queryByRole('button', { name: 'Send my request' })).toBeNull();
    expect(api.calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual(['GET /api/v1/hub']);
  });

  it('switches to the closed notice when registration closed after the page was opened', async () => {
    let open = true;
    stubApi({
      'GET /api/v1/hub': () => json({ hubName: 'Praxis', registrationOpen: open }),
      'POST /api/v1/auth/register': () => {
        open = false;
        return json({ statusCode: 403, error: 'Forbidden', message: 'Registration is closed on this hub' }, 403);
      },
    });
    renderWithProviders(<RegisterPage />);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send my request' })).toBeInTheDocument());
    const fill = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label, { selector: 'input, textarea' }), { target: { value } });
    fill(/Email address/, 'amina.diallo@example.org');
    fill(/^Password/, 'a long enough passphrase 42');
    fill(/Repeat the password/, 'a long enough passphrase 42');
    fill(/Full name/, 'Amina Diallo');
    fill(/Job title/, 'Investigator');
    fill(/^Organisation/, 'Example Unit');
    fill(/Why you need access/, 'I investigate trafficking cases across West Africa.');
    await user.click(screen.getByLabelText(/Type of organisation/, { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Government' }));
    await user.type(screen.getByLabelText(/Country/, { selector: 'input' }), 'Seneg');
    await user.click(await screen.findByRole('option', { name: 'Senegal' }));
    await user.click(screen.getByRole('button', { name: 'Send my request' }));
    expect(await screen.findByRole('heading', { name: 'Registration is closed' }, { timeout: 10_000 })).toBeInTheDocument();
  }, 30_000);
});
