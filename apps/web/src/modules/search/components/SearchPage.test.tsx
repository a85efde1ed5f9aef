import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit, SearchResponse } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';
import { SearchPage } from './SearchPage';

afterEach(() => vi.unstubAllGlobals());

const hit = (type: SearchHit['type'], id: string, title: string, extra: Partial<SearchHit> = {}): SearchHit => ({
  type, id, title, snippetHtml: '', network: null, language: 'en', createdAt: '2025-01-01T00:00:00.000Z', ...extra,
});

const response: SearchResponse = {
  items: [
    hit('post', 'p1', '<script>window.hacked = true</script>Routes', {
      threadId: 't1', seq: 7, snippetHtml: 'new <mark>trafficking</mark> routes via the coast', network: { id: 'n1', slug: 'sahel', name: 'Sahel Network' },
    }),
    hit('resource', 'r1', 'Indicators toolkit', { resourceKind: 'toolkit', snippetHtml: 'a <mark>trafficking</mark> indicator' }),
    hit('network', 'n1', 'Sahel Network', { slug: 'sahel' }),
    hit('member', 'u1', 'Amina Diallo'),
  ],
  nextCursor: 'next-1',
  counts: { thread: 12, post: 1000, event: 0, resource: 3, network: 1, member: 1 },
  capped: ['post'],
  countLimit: 1000,
};

function renderPage(route = '/search?q=trafficking') {
  const api = stubApi({
    'GET /api/v1/search': ({ url }) =>
      json(url.searchParams.get('cursor') ? { ...response, items: [hit('event', 'e1', 'Briefing on routes', { startsAt: '2025-05-01T10:00:00.000Z' })], nextCursor: null } : response),
    'GET /api/v1/networks': () => json({ items: [{ id: 'n1', slug: 'sahel', name: 'Sahel Network' }], nextCursor: null }),
  });
  renderWithProviders(
    <Routes>
      <Route path="/search" element={<SearchPage />} />
    </Routes>,
    { route },
  );
  return api;
}

describe('SearchPage', () => {
  it('renders only the <mark> of snippets as HTML; a title is text, script and all', async () => {
    renderPage();
    const results = await screen.findByRole('list', { name: 'Results' });
    expect(results.querySelectorAll('mark')).toHaveLength(2);
    expect(results.querySelector('mark')).toHaveTextContent('trafficking');
    expect(results.querySelector('script')).toBeNull();
    expect(within(results).getByRole('link', { name: 'Post in “<script>window.hacked = true</script>Routes”' })).toHaveAttribute('href', '/threads/t1?seq=7');
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('links each hit to its page', async () => {
    renderPage();
    const results = await screen.findByRole('list', { name: 'Results' });
    expect(within(results).getByRole('link', { name: 'Indicators toolkit' })).toHaveAttribute('href', '/resources/r1');
    expect(within(results).getAllByRole('link', { name: 'Sahel Network' }).map((a) => a.getAttribute('href'))).toContain('/networks/sahel');
    expect(within(results).getByRole('link', { name: 'Amina Diallo' })).toHaveAttribute('href', '/members/u1');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(results).findByRole('link', { name: 'Briefing on routes' })).toHaveAttribute('href', '/events/e1');
  });

  it('shows the count of each type, "1000+" when the server stopped counting, and asks for a type when its tab is picked', async () => {
    const api = renderPage('/search?q=trafficking&language=fr&order=recent');
    expect(await screen.findByRole('tab', { name: 'Posts (1000+)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Threads (12)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Events (0)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'All (1017+)' })).toHaveAttribute('aria-selected', 'true');
    expect(Object.fromEntries(api.to('GET', '/api/v1/search')[0].url.searchParams)).toEqual({ q: 'trafficking', language: 'fr', order: 'recent', limit: '20' });

    fireEvent.click(screen.getByRole('tab', { name: 'Threads (12)' }));
    await waitFor(() => expect(api.to('GET', '/api/v1/search').at(-1)!.url.searchParams.get('type')).toBe('thread'));
    fireEvent.click(screen.getByRole('radio', { name: 'Most relevant' }));
    await waitFor(() => expect(api.to('GET', '/api/v1/search').at(-1)!.url.searchParams.get('order')).toBe('relevance'));
  });
});
