import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';

vi.mock('../../../shared/auth/AuthProvider', () => ({ useAuth: () => ({ user: null }) }));

import { UnsubscribePage } from './UnsubscribePage';

afterEach(() => vi.unstubAllGlobals());

describe('UnsubscribePage', () => {
  it('asks first, without switching anything off on load, then unsubscribes with the link’s token', async () => {
    const api = stubApi({
      'GET /api/v1/unsubscribe': () => json({ topic: 'mentions', email: 'a•••@example.org', unsubscribed: false }),
      'POST /api/v1/unsubscribe': () => json({ topic: 'mentions', email: 'a•••@example.org', unsubscribed: true }),
    });
    renderWithProviders(<UnsubscribePage />, { route: '/unsubscribe?token=abc.def' });

    expect(await screen.findByText(/Stop emails about mentions of you to a•••@example.org/)).toBeTruthy();
    expect(api.to('POST', '/api/v1/unsubscribe')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Unsubscribe' }));
    expect(await screen.findByText('You are unsubscribed')).toBeTruthy();
    const [post] = api.to('POST', '/api/v1/unsubscribe');
    expect(post.url.searchParams.get('token')).toBe('abc.def');
  });

  it('shows the server’s refusal of an altered link', async () => {
    stubApi({
      'GET /api/v1/unsubscribe': () => json({ statusCode: 400, error: 'Bad Request', message: 'This unsubscribe link is not valid: it may have been cut or altered.' }, 400),
    });
    renderWithProviders(<UnsubscribePage />, { route: '/unsubscribe?token=tampered' });
    expect(await screen.findByText(/This unsubscribe link is not valid/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unsubscribe' })).toBeNull();
  });

  it('says so when the link has no token', () => {
    stubApi({});
    renderWithProviders(<UnsubscribePage />, { route: '/unsubscribe' });
    expect(screen.getByRole('alert').textContent).toMatch(/This link is incomplete/);
  });
});
