import { ActionIcon, Anchor, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { NotificationItem } from '@praxis/contracts';
import { useMarkNotificationsRead, useNotifications, useNotificationsLive } from '../hooks/useNotifications';
import { NotificationRow } from './NotificationRow';

const SHOWN = 8;

/** The header bell (SPEC O1): a live unread count, the latest notifications, and "mark all read". */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [announcement, setAnnouncement] = useState('');
  const { items, unreadCount, isPending, isError } = useNotifications();
  const markRead = useMarkNotificationsRead();
  useNotificationsLive(useCallback((title: string) => setAnnouncement(t('notifications.announce', { title })), [t]));

  const open = (item: NotificationItem) => {
    if (!item.readAt) markRead.mutate({ ids: [item.id] });
    close();
  };

  return (
    <>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      {/* The badge sits outside the popover target, so the popup attributes land on the button itself. */}
      <Indicator label={unreadCount > 99 ? '99+' : unreadCount} size={18} offset={6} disabled={unreadCount === 0} color="red">
        <Popover opened={opened} onChange={(next) => (next ? undefined : close())} position="bottom-end" width={380} shadow="md" withinPortal trapFocus>
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={toggle}
              aria-label={unreadCount ? t('notifications.bellUnread', { count: unreadCount }) : t('notifications.bell')}
            >
              <IconBell size={20} stroke={1.7} aria-hidden />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown p={0}>
            <Group justify="space-between" px="md" py="sm">
              <Title order={2} size="h5">
                {t('notifications.title')}
              </Title>
              <Button variant="subtle" size="compact-sm" disabled={unreadCount === 0} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
                {t('notifications.markAllRead')}
              </Button>
            </Group>
            <Divider />
            <ScrollArea.Autosize mah={420}>
              <Stack gap={2} p={4}>
                {isPending ? (
                  <Text size="sm" c="dimmed" p="md">
                    {t('common.loading')}
                  </Text>
                ) : isError ? (
                  <Text size="sm" c="red.8" p="md">
                    {t('notifications.loadFailed')}
                  </Text>
                ) : items.length === 0 ? (
                  <Text size="sm" c="dimmed" p="md">
                    {t('notifications.empty')}
                  </Text>
                ) : (
                  items.slice(0, SHOWN).map((item) => <NotificationRow key={item.id} item={item} onOpen={open} />)
                )}
              </Stack>
            </ScrollArea.Autosize>
            <Divider />
            <Group justify="center" py="xs">
              <Anchor component={Link} to="/notifications" size="sm" onClick={close}>
                {t('notifications.seeAll')}
              </Anchor>
            </Group>
          </Popover.Dropdown>
        </Popover>
      </Indicator>
    </>
  );
}
