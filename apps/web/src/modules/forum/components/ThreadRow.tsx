import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconLock, IconMessage, IconPin } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ThreadSummary } from '@praxis/contracts';
import { formatDateTime } from '../../../shared/format/dates';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';

/** One thread in a list (SPEC F8, F6): title, state, category, tags, replies, activity, unread count. */
export function ThreadRow({ thread, categoryName }: { thread: ThreadSummary; categoryName?: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const replies = Math.max(0, thread.postCount - 1);
  return (
    <Paper withBorder p="md" radius="md" component="li">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={4} miw={0}>
          <Group gap={6} wrap="wrap">
            {thread.pinned ? <IconPin size={16} aria-label={t('forum.thread.pinned')} /> : null}
            {thread.locked ? <IconLock size={16} aria-label={t('forum.thread.locked')} /> : null}
            <Anchor component={Link} to={`/threads/${thread.id}`} fw={thread.unreadCount ? 700 : 600}>
              {thread.title}
            </Anchor>
            {thread.closed ? (
              <Badge size="xs" color="gray" variant="light">
                {t('forum.thread.closed')}
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            {t('forum.threads.byline', { name: thread.author.displayName, time: formatDateTime(thread.lastActivityAt, i18n.language, user.timeZone) })}
          </Text>
          {categoryName || thread.tags.length ? (
            <Group gap={4}>
              {categoryName ? (
                <Badge size="xs" variant="light" color="gray">
                  {categoryName}
                </Badge>
              ) : null}
              {thread.tags.map((tag) => (
                <Badge key={tag} size="xs" variant="outline" color="gray" tt="none">
                  #{tag}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Stack>
        <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
          <Group gap={4} wrap="nowrap">
            <IconMessage size={16} aria-hidden />
            <Text size="sm">{t('forum.threads.replies', { count: replies })}</Text>
          </Group>
          {thread.unreadCount > 0 ? (
            <Badge variant="filled" size="sm">
              {t('forum.threads.unread', { count: thread.unreadCount })}
            </Badge>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}
