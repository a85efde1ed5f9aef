import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@praxis/contracts';
import { api } from '../../../shared/api/client';
import { json, stubApi } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { ChangePasswordCard } from './ChangePasswordCard';

const me = { id: 'u1', email: 'amina@police.example', displayName: 'Amina Diallo', status: 'active', timeZone: 'UTC' } as CurrentUser;
const setUser = vi.fn();
vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => me, useAuth: () => ({ setUser }) }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setUser.mockReset();
});

const NEW = 'a long river crossing at dawn';

function fill(current: string, password: string, confirm = password) {
  fireEvent.change(screen.getByLabelText(/Current password/), { target: { value: current } });
  fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: password } });
  fireEvent.change(screen.getByLabelText(/Repeat the password/), { target: { value: confirm } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePasswordCard', () => {
  it('sends the current and the new password and takes up the new session it is given', async () => {
    const accept = vi.spyOn(api, 'acceptToken');
    const calls = stubApi({ 'POST /api/v1/auth/password': () => json({ accessToken: 'new-token', user: me }) });
    renderWithProviders(<ChangePasswordCard />);
    fill('the old password 2024', NEW);
    await waitFor(() => expect(accept).toHaveBeenCalledWith('new-token'));
    expect(calls.to('POST', '/api/v1/auth/password')[0].body).toEqual({ currentPassword: 'the old password 2024', password: NEW });
    expect(setUser).toHaveBeenCalledWith(me);
  });

  it('refuses mismatched passwords before sending, and shows a wrong current password beside its field', async () => {
    const calls = stubApi({
      'POST /api/v1/auth/password': () =>
        json({ statusCode: 400, error: 'Bad Request', message: 'The current password is incorrect', details: [{ field: 'currentPassword', messages: ['current password is incorrect'] }] }, 400),
    });
    renderWithProviders(<ChangePasswordCard />);
    fill('whatever', NEW, `${NEW}!`);
    expect(await screen.findByText('The two passwords do not match')).toBeInTheDocument();
    expect(calls.calls).toHaveLength(0);
    fill('not my password', NEW);
    expect(await screen.findByText(/current password is incorrect/i)).toBeInTheDocument();
    expect(calls.calls).toHaveLength(1);
  });
});
