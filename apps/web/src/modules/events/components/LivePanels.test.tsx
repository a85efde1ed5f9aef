import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser, EventQuestion } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { renderWithProviders } from '../../../test/render';
import { eventsApi } from '../api/events-api';
import { upsertQuestion } from '../lib/live';
import { QuestionsPanel } from './LivePanels';

vi.mock('../../../shared/auth/AuthProvider', () => ({
  useCurrentUser: () => ({ id: 'me', displayName: 'Amina Diallo', timeZone: 'Europe/Vienna' }) as CurrentUser,
}));

afterEach(() => vi.restoreAllMocks());

const question = (over: Partial<EventQuestion>): EventQuestion => ({
  id: 'q1', eventId: 'e1', body: 'How do you share evidence?', status: 'open', votes: 0, author: { id: 'me', displayName: 'Amina Diallo' }, createdAt: '2026-06-01T10:00:00Z', ...over,
});

describe('QuestionsPanel', () => {
  it('keeps a question that failed to send and retries it with the same clientId', async () => {
    const ask = vi
      .spyOn(eventsApi, 'ask')
      .mockRejectedValueOnce(new ApiRequestError({ statusCode: 0, error: 'Network Error', message: 'The server could not be reached.' }))
      .mockImplementationOnce(async (_id, body) => ({ question: question({ body }) }));
    const received: EventQuestion[] = [];
    renderWithProviders(<QuestionsPanel eventId="e1" questions={[]} canAsk moderate={false} onQuestion={(q) => received.push(q)} />);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Your question'), 'Which indicators come first?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    await screen.findByText(/Not sent/);
    expect(screen.getByLabelText('Your question')).toHaveValue('Which indicators come first?');

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByLabelText('Your question')).toHaveValue(''));
    expect(ask).toHaveBeenCalledTimes(2);
    const [first, second] = ask.mock.calls;
    expect(second).toEqual(first);
    expect(first[1]).toBe('Which indicators come first?');
    expect(first[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(received.map((q) => q.body)).toEqual(['Which indicators come first?']);
  });

  it('lets a member upvote another member’s question once, as the server answers', async () => {
    const other = question({ id: 'q2', author: { id: 'someone', displayName: 'Jonas Berg' }, votes: 1, votedByMe: false });
    const vote = vi.spyOn(eventsApi, 'vote').mockResolvedValue({ question: { ...other, votes: 2, votedByMe: true } });
    const received: EventQuestion[] = [];
    function Page() {
      const [list, setList] = useState([other]);
      return <QuestionsPanel eventId="e1" questions={list} canAsk moderate={false} onQuestion={(q) => { received.push(q); setList((l) => upsertQuestion(l, q, false)); }} />;
    }
    renderWithProviders(<Page />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Upvote/ }));
    await screen.findByRole('button', { name: 'You voted' });
    expect(screen.getByRole('button', { name: 'You voted' })).toBeDisabled();
    expect(vote).toHaveBeenCalledOnce();
    expect(received[0]).toMatchObject({ votes: 2, votedByMe: true });
    // Nothing about votes is kept on the device.
    expect(Object.keys(localStorage).filter((k) => k.includes('vote'))).toEqual([]);
  });

  it('shows a vote the server remembers from another device', () => {
    const voted = question({ id: 'q3', author: { id: 'someone', displayName: 'Jonas Berg' }, votes: 4, votedByMe: true });
    renderWithProviders(<QuestionsPanel eventId="e1" questions={[voted]} canAsk moderate={false} onQuestion={() => undefined} />);
    expect(screen.getByRole('button', { name: 'You voted' })).toBeDisabled();
  });
});
