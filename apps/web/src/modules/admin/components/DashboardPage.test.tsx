import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminDashboard, CurrentUser } from '@praxis/contracts';
import { json, stubApi } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { DashboardPage } from './DashboardPage';

vi.mock('../../../shared/auth/AuthProvider', () => ({
  useCurrentUser: () => ({ id: 'admin', isAdmin: true, status: 'active', timeZone: 'UTC' }) as CurrentUser,
}));

const weeks = Array.from({ length: 12 }, (_, i) => ({
  weekStart: new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10),
  threads: i === 11 ? 4 : i,
  posts: i === 11 ? 17 : 2 * i,
}));

const dashboard: AdminDashboard = {
  generatedAt: '2025-03-30T10:00:00.000Z',
  periods: { activeDays: 30, weeks: 12, events: 10, tags: 10 },
  members: { total: 1234, pending: 7, suspended: 2, activeRecently: 617 },
  networks: 9,
  openReports: 3,
  activity: weeks,
  events: [
    { id: 'e1', title: 'Briefing on smuggling routes', startsAt: '2025-03-28T14:00:00.000Z', registered: 40, attended: 31, attendedRegistered: 30 },
    { id: 'e2', title: 'Case law workshop', startsAt: '2025-03-10T09:00:00.000Z', registered: 12, attended: 0, attendedRegistered: 0 },
  ],
  topTags: [
    { tag: 'trafficking', threads: 12, resources: 4, total: 16 },
    { tag: 'victims', threads: 3, resources: 0, total: 3 },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('DashboardPage', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:dashboard');
    URL.revokeObjectURL = vi.fn();
  });

  it('shows the figures as stat cards, with the charts and their tables', async () => {
    stubApi({ 'GET /api/v1/admin/dashboard': () => json(dashboard) });
    renderWithProviders(<DashboardPage />);

    expect(await screen.findByText('1,234')).toBeInTheDocument();
    const card = (label: string) => screen.getByText(label).closest('.mantine-Paper-root') as HTMLElement;
    expect(within(card('Members')).getByText('2 suspended accounts')).toBeInTheDocument();
    expect(within(card('Pending applicants')).getByText('7')).toBeInTheDocument();
    expect(within(card('Pending applicants')).getByRole('link', { name: 'Review access requests' })).toHaveAttribute('href', '/admin/access-requests');
    expect(within(card('Active in the last 30 days')).getByText('617')).toBeInTheDocument();
    expect(within(card('Active in the last 30 days')).getByText('50% of members')).toBeInTheDocument();
    expect(within(card('Networks')).getByText('9')).toBeInTheDocument();
    // Posts over the 12 weeks: 2 × (0 + … + 10) + 17; threads: 0 + … + 10 + 4.
    expect(within(card('Posts in the last 12 weeks')).getByText('127')).toBeInTheDocument();
    expect(within(card('Posts in the last 12 weeks')).getByText('in 59 new threads')).toBeInTheDocument();
    expect(within(card('Open reports')).getByText('3')).toBeInTheDocument();

    for (const chart of ['activity-chart', 'events-chart', 'tags-chart']) expect(screen.getByTestId(chart)).toBeInTheDocument();
    const activity = screen.getByRole('table', { name: 'Forum activity' });
    expect(within(activity).getAllByRole('row')).toHaveLength(13);
    expect(within(activity).getByRole('row', { name: 'Mar 24 4 17' })).toBeInTheDocument();

    const events = screen.getByRole('table', { name: 'Event registrations and attendance' });
    const first = within(events).getByRole('row', { name: /Briefing on smuggling routes/ });
    expect(within(first).getByRole('link', { name: 'Briefing on smuggling routes' })).toHaveAttribute('href', '/events/e1');
    expect(within(first).getByText('40')).toBeInTheDocument();
    expect(within(first).getByText('31')).toBeInTheDocument();
    expect(within(first).getByText('75%')).toBeInTheDocument();
    expect(within(events).getByRole('row', { name: /Case law workshop/ })).toHaveTextContent('0%');

    const tags = screen.getByRole('table', { name: 'Top tags' });
    expect(within(tags).getByRole('row', { name: 'trafficking 12 4' })).toBeInTheDocument();
  });

  it('downloads each table as CSV through the API client, under a dated file name', async () => {
    const api = stubApi({
      'GET /api/v1/admin/dashboard': () => json(dashboard),
      'GET /api/v1/admin/dashboard/summary.csv': () => new Response('metric,value\r\n', { headers: { 'Content-Type': 'text/csv' } }),
      'GET /api/v1/admin/dashboard/events.csv': () => new Response('event_id\r\n', { headers: { 'Content-Type': 'text/csv' } }),
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    renderWithProviders(<DashboardPage />);
    await screen.findByText('1,234');

    fireEvent.click(screen.getByRole('button', { name: 'Download the summary CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download Event registrations and attendance as CSV' }));
    await waitFor(() => expect(clicked).toHaveLength(2));
    expect(api.to('GET', '/api/v1/admin/dashboard/summary.csv')).toHaveLength(1);
    expect(api.to('GET', '/api/v1/admin/dashboard/events.csv')).toHaveLength(1);
    expect(clicked.every((name) => /^dashboard-(summary|events)-\d{4}-\d\d-\d\d\.csv$/.test(name))).toBe(true);
    expect(screen.getByRole('button', { name: 'Download Forum activity as CSV' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download Top tags as CSV' })).toBeInTheDocument();
  });

  it('says so when there are no events or tags yet, and shows an error it cannot load', async () => {
    stubApi({ 'GET /api/v1/admin/dashboard': () => json({ ...dashboard, events: [], topTags: [] }) });
    const { unmount } = renderWithProviders(<DashboardPage />);
    expect(await screen.findByText('No event has taken place yet.')).toBeInTheDocument();
    expect(screen.getByText('No tags were used in this period.')).toBeInTheDocument();
    expect(screen.queryByTestId('events-chart')).toBeNull();
    unmount();

    stubApi({ 'GET /api/v1/admin/dashboard': () => json({ statusCode: 403, error: 'Forbidden', message: 'Platform administrators only' }, 403) });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Platform administrators only');
  });
});
