import { Box, Group, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconAt, IconBell, IconCalendarEvent, IconMessage, IconShieldCheck, IconUsersGroup, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { NotificationItem } from '@praxis/contracts';
import { formatDateTime, formatRelative } from '../../../shared/format/dates';
import { useAuth } from '../../../shared/auth/AuthProvider';
import classes from './NotificationRow.module.css';

const ICONS: Record<string, Icon> = {
  'forum.mention': IconAt,
  'forum.reply': IconMessage,
  'forum.followed-post': IconMessage,
  'network.invited': IconUsersGroup,
  'network.request-approved': IconUsersGroup,
  'network.request-rejected': IconUsersGroup,
  'network.moderation': IconShieldCheck,
  'event.registration': IconCalendarEvent,
  'event.invited': IconCalendarEvent,
  'event.reminder': IconCalendarEvent,
};

/** One notification: opening it follows its link and marks it read. */
export function NotificationRow({ item, onOpen }: { item: NotificationItem; onOpen: (item: NotificationItem) => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const KindIcon = ICONS[item.kind] ?? IconBell;
  const unread = !item.readAt;
  return (
    <UnstyledButton
      className={classes.row}
      data-unread={unread || undefined}
      onClick={() => {
        onOpen(item);
        if (item.link) navigate(item.link);
      }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Box className={classes.icon} aria-hidden>
          <KindIcon size={18} stroke={1.7} />
        </Box>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={unread ? 700 : 500} lineClamp={2}>
            {unread ? <VisuallyHidden>{t('notifications.unreadPrefix')} </VisuallyHidden> : null}
            {item.title}
          </Text>
          {item.body ? (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {item.body}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed" title={formatDateTime(item.createdAt, i18n.language, user?.timeZone)}>
            {formatRelative(item.createdAt, i18n.language)}
          </Text>
        </Stack>
        {unread ? <Box className={classes.dot} aria-hidden /> : null}
      </Group>
    </UnstyledButton>
  );
}
