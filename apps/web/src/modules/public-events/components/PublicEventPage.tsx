import { Alert, Anchor, Badge, Button, Center, Grid, Group, Loader, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCalendarPlus, IconClock, IconInfoCircle, IconLogin, IconUserPlus, IconUsersGroup, IconWorld } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../../shared/api/errors';
import { useAuth } from '../../../shared/auth/AuthProvider';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { usePageTitle } from '../../../shared/ui/usePageTitle';
import { publicEventsApi } from '../api/public-events-api';
import { browserTimeZone, displayLocale, formatTimeRange } from '../lib/briefing-times';
import { useHostLine } from './PublicBriefingsSection';
import classes from './PublicEvents.module.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What signed-in people and visitors are offered: members go to the member page, visitors sign in or ask. */
function TakePart({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (user?.status === 'active') {
    return (
      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('publicEvents.page.memberTitle')}
          </Title>
          <Text c="dimmed" fz="sm">
            {t('publicEvents.page.memberBody')}
          </Text>
          <Button component={Link} to={`/events/${eventId}`}>
            {t('publicEvents.page.memberLink')}
          </Button>
        </Stack>
      </Paper>
    );
  }
  if (user) {
    return (
      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Text fz="sm">{t('publicEvents.page.applicantBody')}</Text>
          <Button component={Link} to="/status" variant="default">
            {t('publicEvents.page.applicantLink')}
          </Button>
        </Stack>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('publicEvents.page.ctaTitle')}
        </Title>
        <Text c="dimmed" fz="sm">
          {t('publicEvents.page.ctaBody')}
        </Text>
        <Button component={Link} to="/sign-in" state={{ from: `/events/${eventId}` }} leftSection={<IconLogin size={18} aria-hidden />}>
          {t('publicEvents.page.signIn')}
        </Button>
        <Button component={Link} to="/register" variant="default" leftSection={<IconUserPlus size={18} aria-hidden />}>
          {t('publicEvents.page.requestAccess')}
        </Button>
      </Stack>
    </Paper>
  );
}

function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('publicEvents.page.notFoundTitle'));
  return (
    <Stack align="center" py={80} gap="md">
      <Title order={1}>{t('publicEvents.page.notFoundTitle')}</Title>
      <Text c="dimmed" ta="center" maw={520}>
        {t('publicEvents.page.notFoundBody')}
      </Text>
      <Button component={Link} to="/#briefings">
        {t('publicEvents.section.title')}
      </Button>
    </Stack>
  );
}

/** A public event as visitors see it (SPEC roles: title, time and host network), with the way in. */
export function PublicEventPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const host = useHostLine();
  const { user } = useAuth();
  const validId = UUID.test(id);
  // When the page opened: whether the briefing has ended need not change while it is read.
  const [openedAt] = useState(() => Date.now());
  const query = useQuery({
    queryKey: ['public-events', 'one', id],
    queryFn: ({ signal }) => publicEventsApi.get(id, signal),
    enabled: validId,
  });
  usePageTitle(query.data?.title ?? t('publicEvents.page.eyebrow'));

  if (!validId || (query.error instanceof ApiRequestError && query.error.status === 404)) return <NotFound />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (query.isPending) {
    return (
      <Center h="40vh">
        <Loader aria-label={t('publicEvents.page.loading')} />
      </Center>
    );
  }

  const event = query.data;
  // SPEC I1: a member's own time zone when they set one, else the browser's.
  const zone = user?.timeZone || browserTimeZone();
  const locale = displayLocale(i18n.language);
  const visitorTime = formatTimeRange(event.startsAt, event.endsAt, locale, zone);
  const eventTime = formatTimeRange(event.startsAt, event.endsAt, locale, event.timeZone);
  // The event's own time only when it reads differently from the visitor's (Paris and Vienna agree).
  const sameTime = zone === event.timeZone || visitorTime === eventTime;
  const ended = new Date(event.endsAt).getTime() < openedAt;
  const hostLine = host(event);

  return (
    <Stack gap="lg" maw={1000}>
      <Anchor component={Link} to={user?.status === 'active' ? '/events' : '/#briefings'} underline="hover" fz="sm" w="fit-content">
        {user?.status === 'active' ? t('publicEvents.page.backMembers') : t('publicEvents.page.back')}
      </Anchor>

      <Stack gap="xs">
        <Group gap="xs">
          <Text tt="uppercase" fw={700} fz="xs" c="praxis.8" lts={1}>
            {t('publicEvents.page.eyebrow')}
          </Text>
          <Badge variant="light">{t(`publicEvents.kinds.${event.kind}`)}</Badge>
        </Group>
        <Title order={1} fz={{ base: 26, sm: 32 }} style={{ overflowWrap: 'anywhere' }}>
          {event.title}
        </Title>
        {hostLine ? (
          <Group gap={6} c="dimmed">
            <IconUsersGroup size={18} aria-hidden />
            <Text>{hostLine}</Text>
          </Group>
        ) : null}
      </Stack>

      {ended ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />}>
          {t('publicEvents.page.ended')}
        </Alert>
      ) : null}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="lg">
            <Stack gap="md">
              <Title order={2} fz="lg">
                {t('publicEvents.page.when')}
              </Title>
              <div className={classes.facts}>
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <ThemeIcon variant="light" size={32} radius="md">
                    <IconClock size={18} aria-hidden />
                  </ThemeIcon>
                  <div>
                    <Text fz="sm" c="dimmed">
                      {zone ? t('publicEvents.page.yourTime', { zone }) : t('publicEvents.page.yourTimeNoZone')}
                    </Text>
                    <Text fw={600} data-testid="visitor-time">
                      {visitorTime}
                    </Text>
                  </div>
                </Group>
                {sameTime ? null : (
                  <Group gap="sm" wrap="nowrap" align="flex-start">
                    <ThemeIcon variant="light" size={32} radius="md" color="gray">
                      <IconWorld size={18} aria-hidden />
                    </ThemeIcon>
                    <div>
                      <Text fz="sm" c="dimmed">
                        {t('publicEvents.page.eventTime', { zone: event.timeZone })}
                      </Text>
                      <Text fw={600} data-testid="event-time">
                        {eventTime}
                      </Text>
                    </div>
                  </Group>
                )}
              </div>
              {ended ? null : (
                <Button
                  component="a"
                  href={publicEventsApi.icsUrl(event.id)}
                  download
                  variant="default"
                  w="fit-content"
                  leftSection={<IconCalendarPlus size={18} aria-hidden />}
                >
                  {t('publicEvents.page.addToCalendar')}
                </Button>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TakePart eventId={event.id} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
