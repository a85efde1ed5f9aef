import { describe, expect, it, vi } from 'vitest';
import type { EventQuestion } from '@praxis/contracts';
import { DraftSender, sortQuestions, upsertQuestion } from './live';

const question = (id: string, votes: number, createdAt: string, status: EventQuestion['status'] = 'open'): EventQuestion => ({
  id, eventId: 'e', body: id, status, votes, author: null, createdAt,
});

describe('asking with a clientId (R4, R4b)', () => {
  it('keeps the text after a failed send and retries with the same clientId', async () => {
    const send = vi.fn<(body: string, clientId: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce('q1');
    let n = 0;
    const draft = new DraftSender(send, () => `client-${(n += 1)}`);
    draft.setBody('  How do you share evidence across borders?  ');

    expect(await draft.submit()).toBeNull();
    expect(draft.getState()).toMatchObject({ body: '  How do you share evidence across borders?  ', clientId: 'client-1', status: 'failed' });

    expect(await draft.submit()).toBe('q1');
    expect(send.mock.calls).toEqual([
      ['How do you share evidence across borders?', 'client-1'],
      ['How do you share evidence across borders?', 'client-1'],
    ]);
    expect(draft.getState()).toEqual({ body: '', clientId: null, status: 'idle', error: null });
  });

  it('gives a new clientId to the next question and to an edited one', async () => {
    const send = vi.fn<(body: string, clientId: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error('timeout'))
      .mockResolvedValue('ok');
    let n = 0;
    const draft = new DraftSender(send, () => `client-${(n += 1)}`);
    draft.setBody('First');
    await draft.submit();
    draft.setBody('First, reworded');
    await draft.submit();
    draft.setBody('Second');
    await draft.submit();
    expect(send.mock.calls.map((call) => call[1])).toEqual(['client-1', 'client-2', 'client-3']);
  });

  it('sends nothing while a send is running, nor an empty text', async () => {
    let release: (value: string) => void = () => undefined;
    const send = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const draft = new DraftSender(send, () => 'only');
    await draft.submit();
    draft.setBody('Hello');
    const first = draft.submit();
    draft.setBody('changed while sending');
    await draft.submit();
    expect(send).toHaveBeenCalledTimes(1);
    expect(draft.getState()).toMatchObject({ body: 'Hello', status: 'sending' });
    release('done');
    await first;
    expect(draft.getState().status).toBe('idle');
  });
});

describe('the question list', () => {
  it('sorts by votes, then oldest first', () => {
    const list = sortQuestions([question('a', 1, '2026-01-01T10:00:00Z'), question('b', 3, '2026-01-01T10:05:00Z'), question('c', 1, '2026-01-01T09:00:00Z')]);
    expect(list.map((q) => q.id)).toEqual(['b', 'c', 'a']);
  });

  it('applies the same update twice as once, and re-sorts on votes', () => {
    let list = [question('a', 2, '2026-01-01T10:00:00Z'), question('b', 1, '2026-01-01T10:01:00Z')];
    list = upsertQuestion(list, question('b', 3, '2026-01-01T10:01:00Z'), false);
    list = upsertQuestion(list, question('b', 3, '2026-01-01T10:01:00Z'), false);
    expect(list.map((q) => `${q.id}:${q.votes}`)).toEqual(['b:3', 'a:2']);
  });

  it('drops hidden questions for attendees and keeps them for hosts', () => {
    const list = [question('a', 2, '2026-01-01T10:00:00Z')];
    expect(upsertQuestion(list, question('a', 2, '2026-01-01T10:00:00Z', 'hidden'), false)).toEqual([]);
    expect(upsertQuestion(list, question('a', 2, '2026-01-01T10:00:00Z', 'hidden'), true)[0].status).toBe('hidden');
  });

  it('keeps the member’s own vote when a room event (without votedByMe) updates the question', () => {
    let list: EventQuestion[] = [{ ...question('a', 1, '2026-01-01T10:00:00Z'), votedByMe: true }];
    list = upsertQuestion(list, question('a', 2, '2026-01-01T10:00:00Z'), false);
    expect(list[0]).toMatchObject({ votes: 2, votedByMe: true });
    // A REST answer for the member replaces it.
    list = upsertQuestion(list, { ...question('a', 2, '2026-01-01T10:00:00Z'), votedByMe: false }, false);
    expect(list[0].votedByMe).toBe(false);
  });
});
