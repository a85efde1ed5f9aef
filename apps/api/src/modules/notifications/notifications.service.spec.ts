import { DomainEvents } from '../../common/domain-events.js';
import { NotificationsService } from './notifications.service.js';
import type { NotificationsRepository, NotificationRow } from './notifications.repository.js';

describe('NotificationsService', () => {
  it('stores the notification, then announces it with the unread count', async () => {
    const row: NotificationRow = {
      id: 'n1',
      userId: 'u1',
      kind: 'access.approved',
      title: 'Welcome',
      body: null,
      link: '/',
      data: {},
      targetType: null,
      targetId: null,
      readAt: null,
      createdAt: new Date('2026-01-02T03:04:05Z'),
      sortKey: '2026-01-02T03:04:05.000000',
    };
    const calls: string[] = [];
    const repository = {
      insert: async () => {
        calls.push('insert');
        return row;
      },
      unreadByTarget: async () => [{ targetType: null, targetId: null, count: 3 }],
    } as unknown as NotificationsRepository;
    const events = new DomainEvents();
    const published = new Promise((resolve) => events.on('notification.created', resolve));

    const item = await new NotificationsService(repository, events).notify('u1', { kind: 'access.approved', title: 'Welcome', link: '/' });

    expect(item).toEqual({ id: 'n1', kind: 'access.approved', title: 'Welcome', body: null, link: '/', target: null, createdAt: '2026-01-02T03:04:05.000Z', readAt: null });
    expect(await published).toEqual({ userId: 'u1', notification: item, unreadCount: 3 });
    expect(calls).toEqual(['insert']);
  });
});
