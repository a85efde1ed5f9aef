import { describe, expect, it } from 'vitest';
import type { NotificationItem } from '@praxis/contracts';
import { addCreated, applyRead, unreadCountOf, type NotificationsData } from './notifications-cache';

const item = (id: string, readAt: string | null = null): NotificationItem => ({
  id,
  kind: 'forum.reply',
  title: `Reply ${id}`,
  body: null,
  link: `/threads/${id}`,
  createdAt: '2026-11-29T08:00:00.000Z',
  readAt,
});

const data = (unreadCount: number, ...pages: NotificationItem[][]): NotificationsData => ({
  pages: pages.map((items, i) => ({ items, nextCursor: i < pages.length - 1 ? `c${i}` : null, unreadCount })),
  pageParams: pages.map((_, i) => (i === 0 ? undefined : `c${i - 1}`)),
});

describe('the notifications cache', () => {
  it('puts a new notification on top once and counts it', () => {
    const before = data(1, [item('b'), item('a', '2026-11-29T07:00:00.000Z')], [item('z')]);
    const after = addCreated(before, item('c'))!;
    expect(after.pages[0].items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect(after.pages[1].items.map((i) => i.id)).toEqual(['z']);
    expect(unreadCountOf(after)).toBe(2);
    // The same notification again (a refetch raced the socket) changes nothing.
    expect(addCreated(after, item('c'))!.pages[0].items).toHaveLength(3);
    expect(unreadCountOf(addCreated(after, item('c')))).toBe(2);
  });

  it('takes the server’s unread count when the event carries one', () => {
    expect(unreadCountOf(addCreated(data(0, [item('a')]), item('b'), 7))).toBe(7);
  });

  it('leaves a list that is not loaded alone', () => {
    expect(addCreated(undefined, item('a'))).toBeUndefined();
  });

  it('marks the named ids read, or all of them, on every page', () => {
    const before = data(3, [item('a'), item('b')], [item('c')]);
    const some = applyRead(before, ['b', 'c'], 1, 'then')!;
    expect(some.pages.flatMap((p) => p.items.map((i) => [i.id, i.readAt]))).toEqual([
      ['a', null],
      ['b', 'then'],
      ['c', 'then'],
    ]);
    expect(unreadCountOf(some)).toBe(1);
    const all = applyRead(before, null, 0, 'now')!;
    expect(all.pages.flatMap((p) => p.items.map((i) => i.readAt))).toEqual(['now', 'now', 'now']);
    expect(all.pages.map((p) => p.unreadCount)).toEqual([0, 0]);
  });
});
