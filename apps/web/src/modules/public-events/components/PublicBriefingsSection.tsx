import { Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { IconCalendarOff, IconClock, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { PublicEventSummary } from '@praxis/contracts';
import { LANDING_LIMIT, publicEventsApi } from '../api/public-events-api';
import { browserTimeZone, displayLocale, calendarTile, formatTimeRange } from '../lib/briefing-times';
import classes from './PublicEvents.module.css';

export const upcomingPublicEventsKey = ['public-events', 'upcoming'] as const;

/** The host line of a public event: a network's name when the API gives it, Praxis for a hub-wide event. */
export function useHostLine() {
  const { t } = useTranslation();
  return (event: PublicEventSummary): string | null => {
    if (!event.network) return t('publicEvents.hubWide');
    return event.network.name ? t('publicEvents.hostedBy', { network: event.network.name }) : null;
  };
}

function BriefingCard({ event }: { event: PublicEventSummary }) {
  const { t, i18n } = useTranslation();
  const host = useHostLine();
  const zone = browserTimeZone();
  const locale = displayLocale(i18n.language);
  const tile = calendarTile(event.startsAt, locale, zone);
  const hostLine = host(event);
  return (
    <UnstyledButton component={Link} to={`/briefings/${event.id}`} className={classes.card}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <div className={classes.tile} aria-hidden>
          <span className={classes.tileMonth}>{tile.month}</span>
          <span className={classes.tileDay}>{tile.day}</span>
        </div>
        <Stack gap={6} miw={0}>
          <Badge variant="light" size="sm" w="fit-content">
            {t(`publicEvents.kinds.${event.kind}`)}
          </Badge>
          <Title order={3} fz="md" lh={1.35} className={classes.cardTitle}>
            {event.title}
          </Title>
          <Group gap={6} wrap="nowrap" c="dimmed">
            <IconClock size={16} aria-hidden style={{ flexShrink: 0 }} />
            <Text fz="sm">{formatTimeRange(event.startsAt, event.endsAt, locale, zone)}</Text>
          </Group>
          {hostLine ? (
            <Group gap={6} wrap="nowrap" c="dimmed">
              <IconUsersGroup size={16} aria-hidden style={{ flexShrink: 0 }} />
              <Text fz="sm">{hostLine}</Text>
            </Group>
          ) : null}
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

/** The landing page's list of the next public events (SPEC: visitors see the public event calendar). */
export function PublicBriefingsSection() {
  const { t } = useTranslation();
  const zone = browserTimeZone();
  const query = useQuery({
    queryKey: upcomingPublicEventsKey,
    queryFn: ({ signal }) => publicEventsApi.upcoming(new Date(), signal),
    staleTime: 60_000,
  });

  return (
    <section aria-labelledby="public-briefings-title" id="briefings" aria-busy={query.isPending}>
      <Stack gap={4} mb="lg">
        <Title order={2} id="public-briefings-title" fz={26}>
          {t('publicEvents.section.title')}
        </Title>
        <Text c="dimmed">{zone ? t('publicEvents.section.lead', { zone }) : t('publicEvents.section.leadNoZone')}</Text>
      </Stack>

      {query.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg" aria-label={t('publicEvents.section.loading')} role="status">
          {Array.from({ length: 3 }, (_, i) => (
            <Skeleton key={i} height={132} radius="md" />
          ))}
        </SimpleGrid>
      ) : query.isError ? (
        <Paper withBorder p="lg">
          <Group justify="space-between" gap="md">
            <Text role="alert">{t('publicEvents.section.error')}</Text>
            <Button variant="default" onClick={() => void query.refetch()} loading={query.isFetching}>
              {t('publicEvents.section.retry')}
            </Button>
          </Group>
        </Paper>
      ) : query.data.length === 0 ? (
        <Paper withBorder p="xl" className={classes.empty}>
          <Group gap="md" wrap="nowrap" align="flex-start">
            <ThemeIcon size={44} radius="md" variant="light" color="gray">
              <IconCalendarOff size={24} aria-hidden />
            </ThemeIcon>
            <Stack gap={4}>
              <Title order={3} fz="lg">
                {t('publicEvents.section.emptyTitle')}
              </Title>
              <Text c="dimmed" fz="sm" maw={620}>
                {t('publicEvents.section.emptyBody')}
              </Text>
            </Stack>
          </Group>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg" component="ul" className={classes.list}>
          {query.data.slice(0, LANDING_LIMIT).map((event) => (
            <li key={event.id}>
              <BriefingCard event={event} />
            </li>
          ))}
        </SimpleGrid>
      )}
    </section>
  );
}
