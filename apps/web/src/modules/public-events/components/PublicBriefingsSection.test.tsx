import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { PublicBriefingsSection } from './PublicBriefingsSection';

afterEach(() => vi.unstubAllGlobals());

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const briefing = {
  id: '3f1c1a52-6a0e-4c4e-9a55-1a0c7f9d2b11',
  title: 'Trafficking trends in the Western Balkans',
  kind: 'briefing',
  startsAt: '2099-06-15T08:00:00.000Z',
  endsAt: '2099-06-15T10:00:00.000Z',
  timeZone: 'Europe/Vienna',
  network: { id: '9b0c0f2e-1d7e-4a53-8f61-6f0a2d2b9c01', name: 'Anti-trafficking practitioners' },
};

describe('PublicBriefingsSection', () => {
  it('asks for events from now and lists each with kind, time, host and a link to its public page', async () => {
    const fetchSpy = vi.fn(async (_input: RequestInfo | URL) =>
      json({
        items: [
          briefing,
          { ...briefing, id: 'a4d8a1f0-2b1e-4c71-9d0e-3c6b1f2e7a22', title: 'Case law update', kind: 'webinar', network: null },
          { ...briefing, id: 'c7e2b3d4-5f60-4a1b-8c2d-9e0f1a2b3c44', title: 'Hidden host', kind: 'workshop', network: { id: briefing.network.id, name: null } },
        ],
      }),
    );
    vi.stubGlobal('fetch', fetchSpy);
    renderWithProviders(<PublicBriefingsSection />);

    const list = await screen.findByRole('list');
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);

    const first = within(items[0]).getByRole('link');
    expect(first).toHaveAttribute('href', `/briefings/${briefing.id}`);
    expect(first).toHaveTextContent('Trafficking trends in the Western Balkans');
    expect(first).toHaveTextContent('Briefing');
    expect(first).toHaveTextContent('Hosted by Anti-trafficking practitioners');
    expect(first).toHaveTextContent('2099');
    expect(within(items[1]).getByRole('link')).toHaveTextContent('Webinar');
    expect(within(items[1]).getByRole('link')).toHaveTextContent('Hosted by Praxis');
    // A network the visitor may not know of is not named, nor passed off as the hub.
    expect(within(items[2]).getByRole('link')).not.toHaveTextContent(/Hosted by/);

    const url = new URL(String(fetchSpy.mock.calls[0][0]), 'http://localhost');
    expect(url.pathname).toBe('/api/v1/events');
    expect(Number.isNaN(Date.parse(url.searchParams.get('from') ?? ''))).toBe(false);
    expect(url.searchParams.get('order')).toBe('asc');
    expect(Number(url.searchParams.get('limit'))).toBeGreaterThanOrEqual(6);
  }, 30_000);

  it('keeps only public events when the API answers with more (a signed-in caller), and at most six', async () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...briefing, id: `00000000-0000-4000-8000-00000000000${i}`, title: `Public ${i}`, visibility: 'public' }));
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [{ ...briefing, title: 'Members only', visibility: 'members' }, ...many] })));
    renderWithProviders(<PublicBriefingsSection />);
    const items = within(await screen.findByRole('list')).getAllByRole('listitem');
    expect(items).toHaveLength(6);
    expect(screen.queryByText('Members only')).not.toBeInTheDocument();
    expect(items[0]).toHaveTextContent('Public 0');
  }, 30_000);

  it('says calmly when there is nothing scheduled', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [] })));
    renderWithProviders(<PublicBriefingsSection />);
    expect(await screen.findByRole('heading', { name: 'No public briefings are scheduled just now' })).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  }, 30_000);

  it('offers a retry when the list cannot be loaded', async () => {
    const fetchSpy = vi.fn(async () => json({ statusCode: 500, error: 'Internal Server Error', message: 'boom' }, 500));
    vi.stubGlobal('fetch', fetchSpy);
    renderWithProviders(<PublicBriefingsSection />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The public briefings could not be loaded.');
    fetchSpy.mockImplementation(async () => json({ items: [briefing] }));
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(await screen.findByRole('link', { name: /Trafficking trends/ })).toBeInTheDocument();
  }, 30_000);
});
