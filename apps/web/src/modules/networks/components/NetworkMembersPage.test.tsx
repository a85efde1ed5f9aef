import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberListQuery, NetworkMember } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';

vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => ({ id: 'me', isAdmin: false, timeZone: 'UTC', permissions: { createNetworks: false } }) }));

const member = (handle: string, displayName: string): NetworkMember => ({
  user: { id: `id-${handle}`, handle, displayName, organisation: 'Unité régionale', avatarUrl: null },
  role: 'member',
  status: 'active',
  joinedAt: '2026-01-01T00:00:00.000Z',
  mutedUntil: null,
  message: null,
});
const PEOPLE = [member('zoe', 'Zoë Ångström'), member('jose', 'José Núñez')];
const api = vi.hoisted(() => ({ members: vi.fn(), joinRequests: vi.fn(), get: vi.fn() }));
vi.mock('../api/networks-api', () => ({ networksApi: api }));
vi.mock('../../members/api/members-api', () => ({ membersApi: { list: async () => ({ items: [], nextCursor: null }) } }));

import { NetworkMembersPage } from './NetworkMembersPage';

beforeEach(() => {
  api.get.mockResolvedValue({
    id: 'net', slug: 'tip', name: 'Trafficking in Persons', visibility: 'open', tags: [], summary: '', memberCount: 2,
    membership: { status: 'active', role: 'moderator' }, categories: [],
    permissions: { read: true, post: true, moderate: true, own: false, invite: true },
  });
  api.joinRequests.mockResolvedValue({ items: [], nextCursor: null });
  api.members.mockReset();
  api.members.mockImplementation(async (_id: string, query: MemberListQuery) => ({
    items: query.status !== 'active' ? [] : query.q === 'zoe' ? PEOPLE.slice(0, 1) : query.q ? [] : PEOPLE,
    nextCursor: null,
  }));
});

describe('NetworkMembersPage search', () => {
  it('searches the members on the server as the moderator types, and says when nobody matches', async () => {
    renderWithProviders(
      <Routes>
        <Route path="/networks/:slug/members" element={<NetworkMembersPage />} />
      </Routes>,
      { route: '/networks/tip/members' },
    );
    expect((await screen.findAllByText('José Núñez')).length).toBeGreaterThan(0);
    const field = screen.getByRole('searchbox', { name: 'Search members' });
    field.focus();
    fireEvent.change(field, { target: { value: ' zoe ' } });
    await waitFor(() => expect(screen.queryAllByText('José Núñez')).toHaveLength(0));
    expect(screen.getAllByText('Zoë Ångström').length).toBeGreaterThan(0);
    expect(api.members).toHaveBeenCalledWith('net', expect.objectContaining({ status: 'active', q: 'zoe' }), expect.anything());
    expect(field).toHaveFocus();
    fireEvent.change(field, { target: { value: 'nobody' } });
    expect(await screen.findByText('No member matches “nobody”.')).toBeInTheDocument();
  });
});
