import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';
import { NetworkLibrarySection } from './NetworkLibrarySection';

afterEach(() => vi.unstubAllGlobals());

const summary = (id: string, title: string) => ({
  id, title, kind: 'report', language: 'en', countries: [], tags: [], publishedOn: null, network: null, featured: true, fileCount: 1, hasUrl: false, createdAt: '2025-01-01T00:00:00.000Z',
});

describe('NetworkLibrarySection', () => {
  it('asks for the network’s featured resources, lists its collections in order and links the network library', async () => {
    const api = stubApi({
      'GET /api/v1/resources': () => json({ items: [summary('r1', 'Annual report 2025')], nextCursor: null }),
      'GET /api/v1/networks/n1/collections': () =>
        json({
          items: [
            { id: 'c2', networkId: 'n1', title: 'Case law', description: '', position: 2, resources: [] },
            { id: 'c1', networkId: 'n1', title: 'Start here', description: 'For new members', position: 1, resources: [summary('r2', 'Induction guide')] },
          ],
        }),
    });
    renderWithProviders(<NetworkLibrarySection network={{ id: 'n1', slug: 'inspectors' }} />);
    expect(await screen.findByRole('link', { name: 'Annual report 2025' })).toHaveAttribute('href', '/resources/r1');
    expect(Object.fromEntries(api.to('GET', '/api/v1/resources')[0].url.searchParams)).toEqual({ networkId: 'n1', featured: 'true', limit: '6' });
    expect(screen.getByRole('link', { name: 'Network library' })).toHaveAttribute('href', '/networks/inspectors/library');
    await screen.findByRole('link', { name: 'Induction guide' });
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Featured resources', 'Start here', 'Case law']);
    expect(screen.getByText('No resources in this collection yet.')).toBeInTheDocument();
  });
});
