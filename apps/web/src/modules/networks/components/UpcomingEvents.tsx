import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { networksApi, UPCOMING_EVENTS_LIMIT } from '../api/networks-api';

/** The network's next events (SPEC N5), read from the events API; the events feature owns them. */
export function UpcomingEvents({ networkId }: { networkId: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  // "Upcoming" from when the page opened: events still running count too (the API compares ends).
  const [from] = useState(() => new Date().toISOString());
  const events = useQuery({
    queryKey: ['networks', 'upcoming-events', networkId, from],
    queryFn: ({ signal }) => networksApi.upcomingEvents(networkId, from, signal),
  });

  return (
    <Stack component="section" aria-labelledby="upcoming-events-heading" gap="sm">
      <Title order={2} fz="lg" id="upcoming-events-heading">
        {t('networks.home.upcomingEvents')}
      </Title>
      {events.isPending ? (
        <Skeleton h={60} />
      ) : events.isError ? (
        <ErrorAlert error={events.error} />
      ) : events.data.items.length ? (
        <Paper withBorder radius="md" p="md">
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {events.data.items.slice(0, UPCOMING_EVENTS_LIMIT).map((event) => (
              <Group component="li" key={event.id} gap="sm" wrap="nowrap" align="flex-start">
                <IconCalendarEvent size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                <Stack gap={0}>
                  <Group gap="xs">
                    <Anchor component={Link} to={`/events/${event.id}`} fw={600}>
                      {event.title}
                    </Anchor>
                    {event.live ? (
                      <Badge color="red" variant="light" size="sm">
                        {t('networks.home.eventLive')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="sm" c="dimmed">
                    <time dateTime={event.startsAt}>{formatDateTime(event.startsAt, i18n.language, user.timeZone)}</time>
                  </Text>
                </Stack>
              </Group>
            ))}
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder p="lg">
          <Text c="dimmed" ta="center">
            {t('networks.home.noUpcomingEvents')}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}
