import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';

vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => ({ id: 'me', isAdmin: false, timeZone: 'UTC' }) }));
const api = vi.hoisted(() => ({ upcomingEvents: vi.fn() }));
vi.mock('../api/networks-api', () => ({ networksApi: api, UPCOMING_EVENTS_LIMIT: 5 }));

import { UpcomingEvents } from './UpcomingEvents';

const event = (id: string, title: string, live = false) => ({
  id, title, kind: 'webinar', startsAt: '2026-12-03T14:00:00.000Z', endsAt: '2026-12-03T15:00:00.000Z', timeZone: 'UTC', network: null,
  visibility: 'network', registrationMode: 'open', languages: ['en'], live, myRegistration: null,
});

beforeEach(() => api.upcomingEvents.mockReset());

describe('UpcomingEvents', () => {
  it('lists the network’s next events with links to them', async () => {
    api.upcomingEvents.mockResolvedValue({ items: [event('e1', 'Case review clinic', true), event('e2', 'Financial flows briefing')] });
    renderWithProviders(<UpcomingEvents networkId="net-1" />);
    expect(await screen.findByRole('link', { name: 'Case review clinic' })).toHaveAttribute('href', '/events/e1');
    expect(screen.getByRole('link', { name: 'Financial flows briefing' })).toHaveAttribute('href', '/events/e2');
    expect(screen.getByText('Live now')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Upcoming events' })).toBeInTheDocument();
    expect(api.upcomingEvents).toHaveBeenCalledWith('net-1', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), expect.anything());
  });

  it('says when there is none', async () => {
    api.upcomingEvents.mockResolvedValue({ items: [] });
    renderWithProviders(<UpcomingEvents networkId="net-1" />);
    expect(await screen.findByText('No upcoming events in this network.')).toBeInTheDocument();
  });
});
