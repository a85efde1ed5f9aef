import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser, HubSettings } from '@praxis/contracts';
import { json, stubApi } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { changesBetween, SettingsPage } from './SettingsPage';

vi.mock('../../../shared/auth/AuthProvider', () => ({
  useCurrentUser: () => ({ id: 'admin', isAdmin: true, status: 'active', timeZone: 'UTC' }) as CurrentUser,
}));

const stored: HubSettings = {
  hubName: 'Praxis',
  registrationOpen: true,
  membersMayCreateNetworks: false,
  autoApproveDomains: ['police.example'],
  updatedAt: '2025-03-01T09:30:00.000Z',
  updatedBy: { id: 'a2', displayName: 'Grace Hopper' },
};

afterEach(() => vi.unstubAllGlobals());

describe('SettingsPage', () => {
  it('shows the stored settings and who changed them last, and links to the focal points', async () => {
    stubApi({ 'GET /api/v1/admin/settings': () => json(stored) });
    renderWithProviders(<SettingsPage />);
    expect(await screen.findByLabelText(/Hub name/)).toHaveValue('Praxis');
    expect(screen.getByRole('switch', { name: /Registration is open/ })).toBeChecked();
    expect(screen.getByRole('switch', { name: /Members may create networks/ })).not.toBeChecked();
    expect(screen.getByText('police.example')).toBeInTheDocument();
    expect(screen.getByText(/Last changed by Grace Hopper/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Manage focal points in Users/ })).toHaveAttribute('href', '/admin/users');
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  });

  it('sends only what changed and shows the saved settings', async () => {
    const api = stubApi({
      'GET /api/v1/admin/settings': () => json(stored),
      'PATCH /api/v1/admin/settings': ({ body }) => json({ ...stored, ...(body as object), updatedBy: { id: 'admin', displayName: 'Ada' }, updatedAt: '2025-03-30T10:00:00.000Z' }),
    });
    renderWithProviders(<SettingsPage />);
    const user = userEvent.setup();
    const name = await screen.findByLabelText(/Hub name/);
    await user.clear(name);
    await user.type(name, '  Counter-Trafficking Hub ');
    fireEvent.click(screen.getByRole('switch', { name: /Registration is open/ }));
    await user.type(screen.getByRole('combobox', { name: /Auto-approved email domains/ }), 'Ministry.Example{Enter}');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(api.to('PATCH', '/api/v1/admin/settings')).toHaveLength(1));
    expect(api.to('PATCH', '/api/v1/admin/settings')[0].body).toEqual({
      hubName: 'Counter-Trafficking Hub',
      registrationOpen: false,
      autoApproveDomains: ['police.example', 'ministry.example'],
    });
    expect(await screen.findByText(/Last changed by Ada/)).toBeInTheDocument();
  }, 30_000);

  it('refuses a domain that is not one before sending, and shows the server field errors', async () => {
    const api = stubApi({
      'GET /api/v1/admin/settings': () => json(stored),
      'PATCH /api/v1/admin/settings': () =>
        json({ statusCode: 400, error: 'Bad Request', message: 'Invalid input: hubName must be 1 to 80 characters', details: [{ field: 'hubName', messages: ['hubName must be 1 to 80 characters'] }] }, 400),
    });
    renderWithProviders(<SettingsPage />);
    const user = userEvent.setup();
    await user.type(await screen.findByRole('combobox', { name: /Auto-approved email domains/ }), 'not_a_domain{Enter}');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Not a domain name: not_a_domain')).toBeInTheDocument();
    expect(api.to('PATCH', '/api/v1/admin/settings')).toHaveLength(0);

    await user.type(screen.getByRole('combobox', { name: /Auto-approved email domains/ }), '{Backspace}');
    await waitFor(() => expect(screen.queryByText('Not a domain name: not_a_domain')).toBeNull());
    await user.type(screen.getByLabelText(/Hub name/), ' again');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('hubName must be 1 to 80 characters')).toBeInTheDocument();
  }, 30_000);

  it('computes the change set field by field', () => {
    const values = { hubName: 'Praxis', registrationOpen: true, membersMayCreateNetworks: false, autoApproveDomains: ['a.example'] };
    expect(changesBetween(values, { ...values })).toEqual({});
    expect(changesBetween(values, { ...values, hubName: ' Praxis ' })).toEqual({});
    expect(changesBetween(values, { ...values, membersMayCreateNetworks: true, autoApproveDomains: [] })).toEqual({ membersMayCreateNetworks: true, autoApproveDomains: [] });
  });
});
