import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubApi } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { useHubInfo } from '../../../shared/hub/hub-info';
import { LandingPage } from './LandingPage';

vi.mock('../../../shared/auth/AuthProvider', () => ({ useAuth: () => ({ status: 'signed-out', user: null }) }));

afterEach(() => vi.unstubAllGlobals());

/** As in the app: the layout fetches the hub info once; the page reads it from the cache. */
function WithHubInfo() {
  const hub = useHubInfo();
  return hub.data ? <LandingPage /> : null;
}

describe('LandingPage', () => {
  it.each([
    [true, 2],
    [false, 0],
  ])('offers "Request access" only while registration is open (open: %s)', async (registrationOpen, links) => {
    stubApi({
      'GET /api/v1/hub': () => json({ hubName: 'Praxis', registrationOpen }),
      'GET /api/v1/events': () => json({ items: [], nextCursor: null }),
    });
    renderWithProviders(<WithHubInfo />);
    await waitFor(() => expect(screen.getAllByRole('link', { name: 'Sign in' }).length).toBeGreaterThan(0));
    expect(screen.queryAllByRole('link', { name: 'Request access' })).toHaveLength(links);
  });
});
