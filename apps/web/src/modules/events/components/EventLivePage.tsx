import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { IconVideo } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { EventDetail } from '@praxis/contracts';
import { useSyncState } from '../../../realtime/socket';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { useLiveEvent } from '../hooks/useLiveEvent';
import { eventPhase, formatTime, MEETING_LINK_LEAD_MS } from '../lib/time';
import { EventGate } from './EventGate';
import { ChatPanel, QuestionsPanel } from './LivePanels';
import { AttendeeCountCard, EventTimes, PhaseBadge, useViewerZone, useDateLocale } from './parts';

/** E6: the live room of an event: meeting link, Q&A, chat and attendee count, over the event room. */
export function EventLivePage() {
  const { id = '' } = useParams();
  return <EventGate id={id}>{(event) => <ParticipantsOnly event={event} />}</EventGate>;
}

/** The live room is for hosts and registered attendees; anyone else is pointed to the event page. */
function ParticipantsOnly({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const participant = event.canHost || event.myRegistration?.status === 'registered';
  if (!participant) {
    return (
      <Stack>
        <PageHeader title={t('events.live.title', { title: event.title })} />
        <Alert color="blue" variant="light">
          {t('events.live.registerFirst')}
        </Alert>
        <Anchor component={Link} to={`/events/${event.id}`}>
          {t('events.live.backToEvent')}
        </Anchor>
      </Stack>
    );
  }
  return <LiveRoom event={event} />;
}

/** Refetches the event when the meeting link opens and when it is due to end, so the page follows the clock. */
function useClockRefetch(event: EventDetail) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const moments = [Date.parse(event.startsAt) - MEETING_LINK_LEAD_MS, Date.parse(event.startsAt), Date.parse(event.endsAt)];
    const timers = moments
      .map((at) => at - Date.now())
      .filter((delay) => delay > 0 && delay < 2 ** 31 - 1)
      .map((delay) => setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['events', 'detail', event.id] }), delay + 1000));
    return () => timers.forEach(clearTimeout);
  }, [event.id, event.startsAt, event.endsAt, queryClient]);
}

function LiveRoom({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  const sync = useSyncState();
  const phase = eventPhase(event, new Date());
  const live = useLiveEvent(event, { host: false, chat: true });
  useClockRefetch(event);
  // Joins and leaves (E6 attendance) are recorded by the server from this page's socket in the event
  // room: entering it while the session is live joins, the last tab leaving it (or closing) leaves.

  const connection = live.room === 'refused' ? 'refused' : sync === 'live' && live.room === 'joined' ? 'live' : sync === 'catching-up' ? 'catching-up' : sync === 'reconnecting' ? 'reconnecting' : 'connecting';
  const connectionColor = { live: 'teal.8', 'catching-up': 'blue.8', reconnecting: 'orange.9', connecting: 'gray.7', refused: 'red.8' }[connection];
  const opensAt = new Date(Date.parse(event.startsAt) - MEETING_LINK_LEAD_MS).toISOString();

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/events/${event.id}`} fz="sm">
        {t('events.live.backToEvent')}
      </Anchor>
      <PageHeader
        title={t('events.live.title', { title: event.title })}
        description={<EventTimes startsAt={event.startsAt} endsAt={event.endsAt} timeZone={event.timeZone} compact />}
        actions={
          <Group gap="xs">
            <PhaseBadge phase={phase} />
            {phase === 'upcoming' ? (
              <Badge variant="outline" color="gray.7" radius="sm">
                {t('events.phase.notStarted')}
              </Badge>
            ) : null}
            <Badge variant="dot" color={connectionColor} size="lg" role="status">
              {t(`events.live.connection.${connection}`)}
            </Badge>
          </Group>
        }
      />
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {live.announcement}
      </VisuallyHidden>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="lg">
            <Group justify="space-between" align="center" wrap="wrap" gap="md">
              <Group gap="md" wrap="nowrap">
                <ThemeIcon size={44} radius="md" variant="light">
                  <IconVideo size={24} aria-hidden />
                </ThemeIcon>
                <Stack gap={2}>
                  <Title order={2} fz="lg">
                    {t('events.live.meeting')}
                  </Title>
                  <Text fz="sm" c="dimmed">
                    {event.meetingUrl
                      ? t('events.live.meetingReady')
                      : event.hasMeetingUrl
                        ? phase === 'ended'
                          ? t('events.live.meetingOver')
                          : t('events.live.linkOpensAt', { time: formatTime(opensAt, dateLocale, zone) })
                        : t('events.live.noMeetingLink')}
                  </Text>
                </Stack>
              </Group>
              {event.meetingUrl ? (
                <Button component="a" href={event.meetingUrl} target="_blank" rel="noopener noreferrer" size="md" leftSection={<IconVideo size={18} aria-hidden />}>
                  {t('events.live.joinMeeting')}
                </Button>
              ) : null}
            </Group>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <AttendeeCountCard count={live.attendeeCount} />
        </Grid.Col>
      </Grid>

      {live.room === 'refused' ? (
        <Alert color="red" variant="light">
          {t('events.live.refused')}
        </Alert>
      ) : null}
      {phase === 'upcoming' ? (
        <Alert color="blue" variant="light">
          {t('events.live.notStartedHint')}
        </Alert>
      ) : null}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <QuestionsPanel eventId={event.id} questions={live.questions} canAsk={phase !== 'ended'} moderate={false} onQuestion={live.putQuestion} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ChatPanel eventId={event.id} messages={live.chat} canWrite={phase !== 'ended'} onMessage={live.putChat} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
