import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResourceFacets, ResourceSummary } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';

vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => ({ id: 'me', isAdmin: false, timeZone: 'UTC' }) }));

import { LibraryPage } from './LibraryPage';

afterEach(() => vi.unstubAllGlobals());

function resource(id: string, title: string, overrides: Partial<ResourceSummary> = {}): ResourceSummary {
  return {
    id, title, kind: 'report', language: 'fr', countries: ['SN', 'West Africa'], tags: ['labour'], publishedOn: '2025-03-14',
    network: { id: 'n1', slug: 'west-africa', name: 'West Africa Network' }, featured: false, fileCount: 2, hasUrl: false, createdAt: '2025-03-20T10:00:00.000Z',
    ...overrides,
  };
}

const facets: ResourceFacets = {
  total: 7,
  kind: [{ value: 'report', count: 3 }, { value: 'toolkit', count: 4 }],
  language: [{ value: 'fr', count: 5 }, { value: 'en', count: 2 }],
  country: [{ value: 'SN', count: 6 }],
  tag: [{ value: 'labour', count: 7 }],
};

function stubLibrary({ pages = [[resource('r1', 'Forced labour in Senegal')]], cursors = [null as string | null] } = {}) {
  return stubApi({
    'GET /api/v1/resources': ({ url }) => {
      const index = url.searchParams.get('cursor') ? Number(url.searchParams.get('cursor')) : 0;
      return json({ items: pages[index] ?? [], nextCursor: cursors[index] ?? null });
    },
    'GET /api/v1/resources/facets': () => json(facets),
    'GET /api/v1/networks': () => json({ items: [{ id: 'n1', slug: 'west-africa', name: 'West Africa Network', membership: { status: 'active', role: 'member' } }], nextCursor: null }),
  });
}

const renderLibrary = (route: string) =>
  renderWithProviders(
    <Routes>
      <Route path="/library" element={<LibraryPage />} />
    </Routes>,
    { route },
  );

describe('LibraryPage', () => {
  it('asks for the filters of the URL, shows each resource and the facet counts', async () => {
    const api = stubLibrary();
    renderLibrary('/library?kind=report&language=fr&from=2025-01-01');

    const card = (await screen.findByRole('link', { name: 'Forced labour in Senegal' })).closest('li') as HTMLElement;
    expect(card.querySelector('a')).toHaveAttribute('href', '/resources/r1');
    expect(within(card).getByText('Report')).toBeInTheDocument();
    expect(within(card).getByText('French')).toBeInTheDocument();
    expect(within(card).getByText('Senegal')).toBeInTheDocument();
    expect(within(card).getByText('West Africa')).toBeInTheDocument();
    expect(within(card).getByText('#labour')).toBeInTheDocument();
    expect(within(card).getByText('2 files')).toBeInTheDocument();
    expect(within(card).getByText('Published Mar 14, 2025')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'West Africa Network' })).toHaveAttribute('href', '/networks/west-africa');

    const list = api.to('GET', '/api/v1/resources')[0].url.searchParams;
    expect(Object.fromEntries(list)).toEqual({ kind: 'report', language: 'fr', from: '2025-01-01', order: 'newest', limit: '20' });
    // The facets are counted for the same filters, without paging or order.
    expect(Object.fromEntries(api.to('GET', '/api/v1/resources/facets')[0].url.searchParams)).toEqual({ kind: 'report', language: 'fr', from: '2025-01-01' });

    expect(await screen.findByRole('button', { name: 'Report 3 resources' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Toolkit 4 resources' })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('button', { name: 'Senegal 6 resources' })).toBeInTheDocument();
    expect(screen.getByText('7 resources', { selector: 'p' })).toBeInTheDocument();
  });

  it('changes the request when a facet, the network or the order is picked, and loads more with the cursor', async () => {
    const api = stubLibrary({ pages: [[resource('r1', 'First report')], [resource('r2', 'Second report')]], cursors: ['1', null] });
    renderLibrary('/library');
    await screen.findByRole('link', { name: 'First report' });

    fireEvent.click(await screen.findByRole('button', { name: 'Toolkit 4 resources' }));
    await waitFor(() => expect(api.to('GET', '/api/v1/resources').at(-1)!.url.searchParams.get('kind')).toBe('toolkit'));
    // Picking it again lifts the filter.
    fireEvent.click(await screen.findByRole('button', { name: 'Toolkit 4 resources' }));
    await waitFor(() => expect(api.to('GET', '/api/v1/resources').at(-1)!.url.searchParams.has('kind')).toBe(false));

    fireEvent.click(screen.getByRole('radio', { name: 'Title' }));
    await waitFor(() => expect(api.to('GET', '/api/v1/resources').at(-1)!.url.searchParams.get('order')).toBe('title'));

    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'Second report' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'First report' })).toBeInTheDocument();
    expect(api.to('GET', '/api/v1/resources').at(-1)!.url.searchParams.get('cursor')).toBe('1');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('says when nothing matches, offers to clear the filters, and shows an error in the app’s shape', async () => {
    stubLibrary({ pages: [[]] });
    renderLibrary('/library?tag=nothing');
    expect(await screen.findByText('No resource matches these filters.')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Clear filters' }).length).toBeGreaterThan(0);

    vi.unstubAllGlobals();
    stubApi({
      'GET /api/v1/resources': () => json({ statusCode: 403, error: 'Forbidden', message: 'You may not read this library.' }, 403),
      'GET /api/v1/resources/facets': () => json(facets),
      'GET /api/v1/networks': () => json({ items: [], nextCursor: null }),
    });
    renderLibrary('/library?network=n9');
    expect(await screen.findByText('You may not read this library.')).toBeInTheDocument();
  });

  it('offers "Add resource" to a member of a network', async () => {
    stubLibrary();
    renderLibrary('/library');
    expect(await screen.findByRole('link', { name: 'Add resource' })).toHaveAttribute('href', '/resources/new');
  });
});
