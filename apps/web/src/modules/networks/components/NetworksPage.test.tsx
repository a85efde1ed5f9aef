import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NetworkSummary } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';

const user = vi.hoisted(() => ({ current: { id: 'me', isAdmin: false, timeZone: 'UTC', permissions: { createNetworks: false } } }));
vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => user.current }));

const api = vi.hoisted(() => ({ list: vi.fn(), join: vi.fn(), leave: vi.fn(), create: vi.fn() }));
vi.mock('../api/networks-api', () => ({ networksApi: api }));

import { NetworksPage } from './NetworksPage';

function network(overrides: Partial<NetworkSummary>): NetworkSummary {
  return { id: 'n', slug: 'n', name: 'N', summary: 'About it', visibility: 'open', tags: [], memberCount: 3, membership: null, ...overrides };
}

beforeEach(() => {
  user.current = { id: 'me', isAdmin: false, timeZone: 'UTC', permissions: { createNetworks: false } };
  api.list.mockResolvedValue({
    items: [
      network({ id: 'a', slug: 'open-one', name: 'Open One', tags: ['labour'] }),
      network({ id: 'b', slug: 'closed-one', name: 'Closed One', visibility: 'restricted' }),
      network({ id: 'c', slug: 'mine', name: 'Mine', membership: { status: 'active', role: 'moderator' } }),
      network({ id: 'd', slug: 'waiting', name: 'Waiting', visibility: 'restricted', membership: { status: 'pending', role: 'member' } }),
    ],
    nextCursor: null,
  });
  api.join.mockReset();
});

const card = (name: string) => screen.getByRole('link', { name }).closest('li') as HTMLElement;

describe('NetworksPage', () => {
  it('shows each network with its visibility, topics, member count and the viewer’s membership', async () => {
    renderWithProviders(<NetworksPage />);
    await screen.findByRole('link', { name: 'Open One' });
    expect(within(card('Open One')).getByText('Open')).toBeInTheDocument();
    expect(within(card('Open One')).getByText('#labour')).toBeInTheDocument();
    expect(within(card('Open One')).getByText('3 members')).toBeInTheDocument();
    expect(within(card('Open One')).getByRole('button', { name: 'Join' })).toBeInTheDocument();
    expect(within(card('Closed One')).getByRole('button', { name: 'Request to join' })).toBeInTheDocument();
    expect(within(card('Mine')).getByText('Moderator')).toBeInTheDocument();
    expect(within(card('Waiting')).getByText('Request pending')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create a network' })).not.toBeInTheDocument();
  });

  it('joins an open network at once and sends a request with a message for a restricted one', async () => {
    api.join.mockResolvedValue({ membership: { status: 'pending' } });
    renderWithProviders(<NetworksPage />);
    await screen.findByRole('link', { name: 'Closed One' });
    fireEvent.click(within(card('Closed One')).getByRole('button', { name: 'Request to join' }));
    fireEvent.change(await screen.findByLabelText('Message to the moderators'), { target: { value: 'I investigate smuggling routes.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the request' }));
    await waitFor(() => expect(api.join).toHaveBeenCalledWith('b', 'I investigate smuggling routes.'));

    api.join.mockResolvedValue({ membership: { status: 'active' } });
    fireEvent.click(within(card('Open One')).getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(api.join).toHaveBeenCalledWith('a', undefined));
  });

  it('offers to create a network to whoever the server says may (a member, with member networks allowed)', async () => {
    user.current = { id: 'me', isAdmin: false, timeZone: 'UTC', permissions: { createNetworks: true } };
    renderWithProviders(<NetworksPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Create a network' }));
    fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: 'Labour Inspectors Exchange' } });
    expect(screen.getByLabelText('Web address')).toHaveValue('labour-inspectors-exchange');
  });
});
