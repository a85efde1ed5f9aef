import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { RegisterPage } from './RegisterPage';

afterEach(() => vi.unstubAllGlobals());

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
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    renderWithProviders(<RegisterPage />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Email address/), 'nope');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'short');
    await user.click(screen.getByRole('button', { name: 'Send my request' }));

    const email = screen.getByLabelText(/Email address/);
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(describedText(email)).toContain('Enter a valid email address');
    expect(describedText(screen.getByLabelText(/^Password/, { selector: 'input' }))).toContain('The password must have at least 12 characters');
    expect(fetchSpy).not.toHaveBeenCalled();
  }, 30_000);

  it('places the server field errors from details next to the right field', async () => {
    const fetchSpy = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            statusCode: 400,
            error: 'Bad Request',
            message: 'Invalid input: password is among the most common passwords; choose another',
            details: [{ field: 'password', messages: ['password is among the most common passwords; choose another'] }],
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    vi.stubGlobal('fetch', fetchSpy);
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

    await waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(1));
    const [url, init] = fetchSpy.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/register');
    expect(JSON.parse(init.body as string)).toMatchObject({ country: 'SN', organisationType: 'government', email: 'amina.diallo@example.org' });
    const password = screen.getByLabelText(/^Password/, { selector: 'input' });
    // The server's message is tied to the password input, not shown in a banner far away.
    await waitFor(() => expect(describedText(password)).toContain('password is among the most common passwords; choose another'));
  }, 30_000);
});
