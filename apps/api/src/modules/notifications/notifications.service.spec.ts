import { DomainEvents } from '../../common/domain-events.js';
import type { NotificationMail } from './mail/notification-mail.js';
import type { NotificationPreferencesRepository, RecipientRow } from './notification-preferences.repository.js';
import { NotificationsService } from './notifications.service.js';
import type { NotificationsRepository, NotificationRow } from './notifications.repository.js';

const recipient = (channels: RecipientRow['channels'] = {}): RecipientRow => ({
  id: 'u1',
  email: 'ana@example.org',
  displayName: 'Ana',
  locale: 'fr',
  timeZone: null,
  status: 'active',
  channels,
  digest: 'daily',
});

function delivery(calls: string[], channels: RecipientRow['channels'] = {}, mailFails = false) {
  const preferences = { recipient: async () => recipient(channels) } as unknown as NotificationPreferencesRepository;
  const mail = {
    notice: async (_to: RecipientRow, topic: string, content: { subject: string }) => {
      calls.push(`mail:${topic}:${content.subject}`);
      if (mailFails) throw new Error('SMTP down');
    },
  } as unknown as NotificationMail;
  return { preferences, mail };
}

describe('NotificationsService', () => {
  it('emails a decision at once by default, then stores and announces it with the unread count', async () => {
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

    const { preferences, mail } = delivery(calls);
    const item = await new NotificationsService(repository, preferences, mail, events).notify('u1', { kind: 'access.approved', title: 'Welcome', link: '/' });

    expect(item).toEqual({ id: 'n1', kind: 'access.approved', title: 'Welcome', body: null, link: '/', target: null, createdAt: '2026-01-02T03:04:05.000Z', readAt: null });
    expect(await published).toEqual({ userId: 'u1', notification: item, unreadCount: 3 });
    expect(calls).toEqual(['mail:decisions:Welcome', 'insert']);
  });

  describe('the member’s channel for the kind', () => {
    const stored: string[] = [];
    const repository = {
      insert: async (_userId: string, n: { title: string }) => {
        stored.push(n.title);
        return { id: 'n1', kind: 'forum.mention', title: n.title, body: null, link: null, data: {}, targetType: null, targetId: null, readAt: null, createdAt: new Date(), sortKey: '' };
      },
      unreadByTarget: async () => [],
    } as unknown as NotificationsRepository;
    const notify = (channels: RecipientRow['channels'], options: { strict?: boolean; mailFails?: boolean } = {}) => {
      const calls: string[] = [];
      const { preferences, mail } = delivery(calls, channels, options.mailFails);
      stored.length = 0;
      const result = new NotificationsService(repository, preferences, mail, new DomainEvents()).notify(
        'u1',
        { kind: 'forum.mention', title: 'Bo mentioned you', email: { subject: 'Mentioned' } },
        { strict: options.strict },
      );
      return { result, calls };
    };

    it('off: nothing is stored and nothing mailed', async () => {
      const { result, calls } = notify({ mentions: 'off' });
      expect(await result).toBeNull();
      expect(calls).toEqual([]);
      expect(stored).toEqual([]);
    });

    it('app and digest: stored, not mailed', async () => {
      for (const channel of ['app', 'digest'] as const) {
        const { result, calls } = notify({ mentions: channel });
        expect(await result).toMatchObject({ title: 'Bo mentioned you' });
        expect(calls).toEqual([]);
        expect(stored).toEqual(['Bo mentioned you']);
      }
    });

    it('email: the feature’s subject is used; a failed email is logged and the notification still stored', async () => {
      const { result, calls } = notify({}, { mailFails: true });
      expect(await result).toMatchObject({ title: 'Bo mentioned you' });
      expect(calls).toEqual(['mail:mentions:Mentioned']);
      expect(stored).toEqual(['Bo mentioned you']);
    });

    it('strict: a failed email throws before anything is stored, so the caller can retry', async () => {
      const { result } = notify({}, { strict: true, mailFails: true });
      await expect(result).rejects.toThrow('SMTP down');
      expect(stored).toEqual([]);
    });
  });

  describe('targets', () => {
    const u = (letter: string) => `00000000-0000-4000-8000-00000000000${letter}`;
    const row = (letter: string, targetType: NotificationRow['targetType'], targetId: string | null, second: number): NotificationRow => ({
      id: u(letter),
      userId: 'u1',
      kind: 'forum.followed-post',
      title: letter,
      body: null,
      link: null,
      data: {},
      targetType,
      targetId,
      readAt: null,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)),
      sortKey: `2026-01-01T00:00:${String(second).padStart(2, '0')}.000000`,
    });
    // Newest first, as the repository answers: t-gone is a thread the user may no longer read.
    const rows = [row('a', 'thread', 't-ok', 9), row('b', 'thread', 't-gone', 8), row('c', 'membership', 'n1', 7), row('d', 'thread', 't-gone', 6), row('e', null, null, 5)];
    function service(rules = true) {
      const asked: string[] = [];
      const repository = {
        insert: async () => rows[0],
        page: async (_: string, options: { after?: [string, string]; limit: number }) => {
          const start = options.after ? rows.findIndex((r) => r.id === options.after![1]) + 1 : 0;
          return rows.slice(start, start + options.limit);
        },
        unreadByTarget: async () => [
          { targetType: 'thread', targetId: 't-ok', count: 1 },
          { targetType: 'thread', targetId: 't-gone', count: 2 },
          { targetType: 'membership', targetId: 'n1', count: 1 },
          { targetType: null, targetId: null, count: 1 },
        ],
        markRead: async () => [],
      } as unknown as NotificationsRepository;
      const { preferences, mail } = delivery([]);
      const notifications = new NotificationsService(repository, preferences, mail, new DomainEvents());
      if (rules) {
        notifications.registerTargetRule('thread', async (_userId, id) => {
          asked.push(id);
          return id === 't-ok';
        });
      }
      return { notifications, asked };
    }

    it('lists and counts only what the user may still read, asking the policy once per target', async () => {
      const { notifications, asked } = service();
      const page = await notifications.list('u1', { limit: 2 });
      expect(page.items.map((n) => n.title)).toEqual(['a', 'c']);
      expect(page.unreadCount).toBe(3);
      expect(asked.sort()).toEqual(['t-gone', 't-ok']);
      const next = await notifications.list('u1', { limit: 2, cursor: page.nextCursor! });
      expect(next.items.map((n) => n.title)).toEqual(['e']);
      expect(next.nextCursor).toBeNull();
    });

    it('refuses a notification about a target nobody registered a rule for, and one the recipient may not read', async () => {
      const { notifications } = service(false);
      expect(await notifications.notify('u1', { kind: 'x', title: 'x', target: { type: 'thread', id: 't-ok' } })).toBeNull();
      const { notifications: withRules } = service();
      expect(await withRules.notify('u1', { kind: 'x', title: 'x', target: { type: 'thread', id: 't-gone' } })).toBeNull();
      expect(await withRules.notify('u1', { kind: 'x', title: 'x', target: { type: 'thread', id: 't-ok' } })).toMatchObject({ id: u('a') });
    });

    it('marks read either ids or all, never both or neither', async () => {
      const { notifications } = service();
      await expect(notifications.markRead('u1', {})).rejects.toThrow('either ids');
      await expect(notifications.markRead('u1', { ids: ['a'], all: true })).rejects.toThrow('either ids');
      expect(await notifications.markRead('u1', { all: true })).toEqual({ marked: 0, unreadCount: 3 });
    });
  });
});
