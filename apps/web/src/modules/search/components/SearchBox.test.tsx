import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit, SearchSuggestions } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';
import { SUGGEST_DEBOUNCE_MS } from '../lib/hits';
import { SearchBox } from './SearchBox';

afterEach(() => vi.unstubAllGlobals());

const hit = (type: SearchHit['type'], id: string, title: string, extra: Partial<SearchHit> = {}): SearchHit => ({
  type, id, title, snippetHtml: '', network: null, language: 'en', createdAt: '2025-01-01T00:00:00.000Z', ...extra,
});
const suggestions: SearchSuggestions = {
  groups: [
    { type: 'thread', items: [hit('thread', 't1', 'Trafficking routes through the Sahel')] },
    { type: 'post', items: [hit('post', 'p1', 'Transit hubs', { threadId: 't7', seq: 12 })] },
    { type: 'resource', items: [hit('resource', 'r1', 'Trafficking indicators toolkit')] },
    { type: 'member', items: [] },
  ],
};

function Where() {
  const location = useLocation();
  return <p data-testid="location">{location.pathname + location.search}</p>;
}

function renderBox() {
  const api = stubApi({ 'GET /api/v1/search/suggest': () => json(suggestions) });
  renderWithProviders(
    <>
      <SearchBox />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </>,
    { route: '/home' },
  );
  const input = screen.getByRole('combobox', { name: 'Search Praxis' });
  return { api, input };
}

const key = (input: HTMLElement, code: string) => fireEvent.keyDown(input, { key: code === 'Enter' ? 'Enter' : code, code });

describe('SearchBox', () => {
  it('waits for two characters and a pause in typing before asking for suggestions', async () => {
    const { api, input } = renderBox();
    fireEvent.change(input, { target: { value: 't' } });
    await act(() => new Promise((resolve) => setTimeout(resolve, SUGGEST_DEBOUNCE_MS + 100)));
    expect(api.calls).toHaveLength(0);

    fireEvent.change(input, { target: { value: 'tr' } });
    fireEvent.change(input, { target: { value: 'tra' } });
    fireEvent.change(input, { target: { value: 'traf' } });
    expect(api.calls).toHaveLength(0);
    await waitFor(() => expect(api.calls).toHaveLength(1));
    expect(api.calls[0].url.searchParams.get('q')).toBe('traf');
    await act(() => new Promise((resolve) => setTimeout(resolve, SUGGEST_DEBOUNCE_MS + 100)));
    expect(api.calls).toHaveLength(1);
  });

  it('shows the suggestions grouped by type and moves through them with the keyboard', async () => {
    const { input } = renderBox();
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'traf' } });
    const listbox = await screen.findByRole('listbox', { name: 'Suggestions' });
    expect(await within(listbox).findByText('Threads')).toBeInTheDocument();
    expect(within(listbox).getByText('Posts')).toBeInTheDocument();
    expect(within(listbox).getByText('Resources')).toBeInTheDocument();
    // An empty group is not shown.
    expect(within(listbox).queryByText('Members')).not.toBeInTheDocument();
    const options = within(listbox).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Trafficking routes through the Sahel', 'Transit hubs', 'Trafficking indicators toolkit']);
    expect(input).toHaveAttribute('aria-expanded', 'true');

    key(input, 'ArrowDown');
    expect(input).toHaveAttribute('aria-activedescendant', options[0].id);
    key(input, 'ArrowDown');
    expect(input).toHaveAttribute('aria-activedescendant', options[1].id);
    key(input, 'ArrowUp');
    key(input, 'ArrowDown');
    key(input, 'Enter');
    // A post opens its thread at that post.
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/threads/t7?seq=12'));
  });

  it('closes on Escape, and Enter with no suggestion picked opens the results page', async () => {
    const { input } = renderBox();
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'forced labour' } });
    await screen.findByRole('listbox', { name: 'Suggestions' });
    key(input, 'Escape');
    await waitFor(() => expect(input).toHaveAttribute('aria-expanded', 'false'));

    fireEvent.submit(input.closest('form')!);
    expect(screen.getByTestId('location')).toHaveTextContent('/search?q=forced%20labour');
  });
});
