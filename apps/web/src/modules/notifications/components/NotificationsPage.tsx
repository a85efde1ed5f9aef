import { Button, Card, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconMailCog } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { NotificationItem } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { useMarkNotificationsRead, useNotifications } from '../hooks/useNotifications';
import { NotificationRow } from './NotificationRow';

/** Every notification of mine, newest first, with "unread only" and "mark all read". */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [show, setShow] = useState<'all' | 'unread'>('all');
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const items = show === 'unread' ? notifications.items.filter((item) => !item.readAt) : notifications.items;
  const open = (item: NotificationItem) => {
    if (!item.readAt) markRead.mutate({ ids: [item.id] });
  };

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        description={t('notifications.intro')}
        actions={
          <>
            <Button component={Link} to="/settings/notifications" variant="subtle" leftSection={<IconMailCog size={16} aria-hidden />}>
              {t('notifications.settings.nav')}
            </Button>
            <Button variant="default" disabled={notifications.unreadCount === 0} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
              {t('notifications.markAllRead')}
            </Button>
          </>
        }
      />
      <SegmentedControl
        mb="md"
        value={show}
        onChange={(value) => setShow(value as 'all' | 'unread')}
        data={[
          { value: 'all', label: t('notifications.showAll') },
          { value: 'unread', label: t('notifications.showUnread', { count: notifications.unreadCount }) },
        ]}
        aria-label={t('notifications.filter')}
      />
      {notifications.isError ? <ErrorAlert error={notifications.error} /> : null}
      <Card withBorder padding={4} radius="md">
        <Stack gap={2}>
          {notifications.isPending ? (
            <Text c="dimmed" p="md">
              {t('common.loading')}
            </Text>
          ) : items.length === 0 ? (
            <Text c="dimmed" p="md">
              {show === 'unread' ? t('notifications.noneUnread') : t('notifications.empty')}
            </Text>
          ) : (
            items.map((item) => <NotificationRow key={item.id} item={item} onOpen={open} />)
          )}
        </Stack>
      </Card>
      <LoadMore hasMore={Boolean(notifications.hasNextPage)} loading={notifications.isFetchingNextPage} onLoad={() => void notifications.fetchNextPage()} />
    </>
  );
}
