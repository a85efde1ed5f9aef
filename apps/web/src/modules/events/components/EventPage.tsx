import {
  ActionIcon, Alert, Anchor, Badge, Box, Button, CopyButton, Divider, Grid, Group, List, Modal, Paper, Stack, Table, Text, TextInput, Title, Tooltip, Typography,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCalendarPlus, IconCheck, IconCopy, IconExternalLink, IconFileText, IconMessages, IconPencil, IconRss, IconSettings, IconVideo,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { EventDetail } from '@praxis/contracts';
import { formatFileSize } from '../../../shared/format/dates';
import { languageName } from '../../../shared/format/languages';
import { useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { EventGate } from './EventGate';
import { downloadProtected } from '../../files/api/files-api';
import { FileDownloadButton } from '../../files/components/FileDownloadButton';
import { ReportButton } from '../../moderation/components/ReportButton';
import { eventsApi } from '../api/events-api';
import { eventPhase, formatTime, wallTimeToUtc, dayKey } from '../lib/time';
import { EventTimes, KindBadge, PhaseBadge, RegistrationBadge, useViewerZone, useDateLocale } from './parts';
import classes from './events.module.css';

export function useEventDetail(id: string) {
  return useQuery({ queryKey: ['events', 'detail', id], queryFn: ({ signal }) => eventsApi.get(id, signal) });
}

/** A file name for the .ics download: the title in safe characters. */
function icsName(title: string): string {
  const base = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').slice(0, 60);
  return `${base || 'event'}.ics`;
}

/** E1–E4, E7: everything about one event, and the member's registration. */
export function EventPage() {
  const { id = '' } = useParams();
  return <EventGate id={id}>{(event) => <EventView event={event} />}</EventGate>;
}

function EventView({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const phase = eventPhase(event, new Date());
  const ended = phase === 'ended';

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/events" fz="sm">
        {t('events.backToCalendar')}
      </Anchor>
      <PageHeader
        title={event.title}
        description={
          <Group gap="xs" component="span">
            <KindBadge kind={event.kind} />
            <PhaseBadge phase={phase} />
            <RegistrationBadge registration={event.myRegistration} />
            <Text component="span" fz="sm" c="dimmed">
              {event.network ? t('events.hostedBy', { network: event.network.name ?? t('events.hiddenNetwork') }) : t('events.hubWide')}
            </Text>
          </Group>
        }
        actions={
          event.canHost ? (
            <>
              <Button component={Link} to={`/events/${event.id}/manage`} variant="default" leftSection={<IconSettings size={18} aria-hidden />}>
                {t('events.detail.manage')}
              </Button>
              <Button component={Link} to={`/events/${event.id}/edit`} variant="default" leftSection={<IconPencil size={18} aria-hidden />}>
                {t('events.detail.edit')}
              </Button>
            </>
          ) : (
            // Hosts run the event; everyone else may report it.
            <ReportButton targetType="event" targetId={event.id} />
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            {ended ? <Afterwards event={event} /> : null}
            <Paper withBorder p="lg">
              <Title order={2} fz="lg" mb="sm">
                {t('events.detail.about')}
              </Title>
              {event.description ? (
                // descriptionHtml is rendered and sanitised by the API (F10); nothing else is injected as HTML.
                <Typography>
                  <Box dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />
                </Typography>
              ) : (
                <Text c="dimmed">{t('events.detail.noDescription')}</Text>
              )}
              {event.languages.length ? (
                <Text fz="sm" mt="md">
                  <strong>{t('events.detail.languages')}:</strong> {event.languages.map((code) => languageName(code, dateLocale)).join(', ')}
                </Text>
              ) : null}
            </Paper>
            {event.agenda.length ? <Agenda event={event} /> : null}
            {event.speakers.length ? (
              <Paper withBorder p="lg">
                <Title order={2} fz="lg" mb="sm">
                  {t('events.detail.speakers')}
                </Title>
                <Stack gap="xs" component="ul" className={classes.plainList}>
                  {event.speakers.map((speaker, index) => (
                    <Group key={`${speaker.name}-${index}`} component="li" gap="xs">
                      {speaker.userId ? (
                        <Anchor component={Link} to={`/members/${speaker.userId}`} fw={600}>
                          {speaker.name}
                        </Anchor>
                      ) : (
                        <Text fw={600}>{speaker.name}</Text>
                      )}
                      {speaker.affiliation ? <Text c="dimmed">· {speaker.affiliation}</Text> : null}
                      {!speaker.userId ? (
                        <Badge variant="default" radius="sm" size="sm" tt="none">
                          {t('events.detail.externalSpeaker')}
                        </Badge>
                      ) : null}
                    </Group>
                  ))}
                </Stack>
              </Paper>
            ) : null}
            {event.attachments.length ? <Attachments event={event} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="lg">
            <Paper withBorder p="lg">
              <Stack gap="md">
                <Title order={2} fz="lg">
                  {t('events.detail.when')}
                </Title>
                <EventTimes startsAt={event.startsAt} endsAt={event.endsAt} timeZone={event.timeZone} />
                <Divider />
                <Capacity event={event} ended={ended} />
                <RegistrationPanel event={event} phase={phase} />
              </Stack>
            </Paper>
            <CalendarTools event={event} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Capacity({ event, ended }: { event: EventDetail; ended: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fz="sm">
        {event.capacity === null
          ? t('events.detail.capacityUnlimited', { count: event.registeredCount })
          : t('events.detail.capacity', { registered: event.registeredCount, capacity: event.capacity })}
      </Text>
      {!ended && event.placesLeft !== null && event.placesLeft > 0 ? (
        <Text fz="sm" c="dimmed">
          {t('events.detail.placesLeft', { count: event.placesLeft })}
        </Text>
      ) : null}
      {!ended && event.capacity !== null && event.placesLeft === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('events.detail.full', { count: event.waitlistCount })}
        </Text>
      ) : null}
      {!ended ? (
        <Text fz="sm" c="dimmed">
          {t(`events.registrationModes.${event.registrationMode}`)}
        </Text>
      ) : null}
    </Stack>
  );
}

function RegistrationPanel({ event, phase }: { event: EventDetail; phase: ReturnType<typeof eventPhase> }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['events'] });
  const register = useMutation({
    mutationFn: () => eventsApi.register(event.id),
    onSuccess: ({ registration }) => {
      const key = registration.status === 'waitlisted' ? 'waitlisted' : registration.status === 'pending' ? 'pending' : 'registered';
      notifications.show({ color: 'teal', message: t(`events.registration.done.${key}`, { position: registration.position ?? 0 }) });
      void refresh();
    },
    onError: (error) => notifications.show({ color: 'red', title: t('events.registration.failed'), message: errorMessage(error) }),
  });
  const cancel = useMutation({
    mutationFn: () => eventsApi.cancel(event.id),
    onSuccess: () => {
      setConfirmCancel(false);
      notifications.show({ color: 'teal', message: t('events.registration.cancelled') });
      void refresh();
    },
    onError: (error) => notifications.show({ color: 'red', title: t('events.registration.failed'), message: errorMessage(error) }),
  });

  const status = event.myRegistration?.status;
  const active = status === 'registered' || status === 'waitlisted' || status === 'pending';
  const ended = phase === 'ended';
  const participant = status === 'registered' || event.canHost;
  const opensAt = new Date(Date.parse(event.startsAt) - 30 * 60_000).toISOString();

  return (
    <Stack gap="sm">
      {status === 'registered' ? (
        <Alert color="teal" variant="light" icon={<IconCheck aria-hidden />}>
          {t('events.registration.youAreRegistered')}
        </Alert>
      ) : null}
      {status === 'waitlisted' ? (
        <Alert color="orange" variant="light">
          {t('events.registration.youAreWaitlisted', { position: event.myRegistration?.position ?? 0 })}
        </Alert>
      ) : null}
      {status === 'pending' ? (
        <Alert color="blue" variant="light">
          {t('events.registration.youArePending')}
        </Alert>
      ) : null}
      {status === 'rejected' ? (
        <Alert color="red" variant="light">
          {t('events.registration.youAreRejected')}
        </Alert>
      ) : null}
      {status === 'invited' ? (
        <Alert color="grape" variant="light">
          {t('events.registration.youAreInvited')}
        </Alert>
      ) : null}

      {!ended && !active && status !== 'rejected' ? (
        event.registrationMode === 'invite' && status !== 'invited' && !event.canHost ? (
          <Text fz="sm" c="dimmed">
            {t('events.registration.inviteOnly')}
          </Text>
        ) : (
          <Button onClick={() => register.mutate()} loading={register.isPending} fullWidth>
            {event.placesLeft === 0
              ? t('events.registration.joinWaitlist')
              : event.registrationMode === 'approval' && !event.canHost
                ? t('events.registration.request')
                : t('events.registration.register')}
          </Button>
        )
      ) : null}
      {!ended && active ? (
        <Button variant="default" color="red" onClick={() => setConfirmCancel(true)} fullWidth>
          {status === 'pending' ? t('events.registration.withdraw') : t('events.registration.cancel')}
        </Button>
      ) : null}

      {participant && !ended ? (
        <Stack gap={6}>
          {event.meetingUrl ? (
            <Button component="a" href={event.meetingUrl} target="_blank" rel="noopener noreferrer" variant="light" leftSection={<IconVideo size={18} aria-hidden />}>
              {t('events.live.joinMeeting')}
            </Button>
          ) : event.hasMeetingUrl ? (
            <Text fz="sm" c="dimmed">
              {t('events.live.linkOpensAt', { time: formatTime(opensAt, dateLocale, zone) })}
            </Text>
          ) : null}
          <Button component={Link} to={`/events/${event.id}/live`} variant={phase === 'live' ? 'filled' : 'default'} leftSection={<IconMessages size={18} aria-hidden />}>
            {phase === 'live' ? t('events.detail.enterLiveRoom') : t('events.detail.liveRoom')}
          </Button>
        </Stack>
      ) : null}

      <Modal opened={confirmCancel} onClose={() => setConfirmCancel(false)} title={t('events.registration.cancelTitle')} centered>
        <Text mb="md">{status === 'registered' && event.capacity !== null ? t('events.registration.cancelBodyPlace') : t('events.registration.cancelBody')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmCancel(false)}>
            {t('events.registration.keep')}
          </Button>
          <Button color="red.8" onClick={() => cancel.mutate()} loading={cancel.isPending}>
            {t('events.registration.confirmCancel')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

function CalendarTools({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [feedUrl, setFeedUrl] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const ics = useMutation({
    mutationFn: () => downloadProtected(eventsApi.icsPath(event.id), icsName(event.title)),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const feed = useMutation({
    mutationFn: () => eventsApi.rotateCalendarFeed(),
    onSuccess: ({ url }) => {
      setConfirmRotate(false);
      setFeedUrl(new URL(url, window.location.origin).toString());
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('events.calendarTools.title')}
        </Title>
        <Button variant="default" leftSection={<IconCalendarPlus size={18} aria-hidden />} onClick={() => ics.mutate()} loading={ics.isPending}>
          {t('events.calendarTools.addToCalendar')}
        </Button>
        <Text fz="sm" c="dimmed">
          {t('events.calendarTools.feedIntro')}
        </Text>
        {feedUrl ? (
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput label={t('events.calendarTools.feedUrl')} value={feedUrl} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={feedUrl}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('events.calendarTools.copied') : t('events.calendarTools.copy')}>
                  <ActionIcon variant="default" size={36} onClick={copy} aria-label={t('events.calendarTools.copy')}>
                    {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        ) : null}
        <Button
          variant="subtle"
          h="auto"
          py={6}
          leftSection={<IconRss size={18} aria-hidden />}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
          onClick={() => setConfirmRotate(true)}
        >
          {feedUrl ? t('events.calendarTools.rotateFeed') : t('events.calendarTools.showFeed')}
        </Button>
      </Stack>
      <Modal opened={confirmRotate} onClose={() => setConfirmRotate(false)} title={t('events.calendarTools.feedTitle')} centered>
        <Text mb="md">{t('events.calendarTools.feedWarning')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmRotate(false)}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => feed.mutate()} loading={feed.isPending}>
            {t('events.calendarTools.createFeed')}
          </Button>
        </Group>
      </Modal>
    </Paper>
  );
}

function Agenda({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  const day = dayKey(event.startsAt, event.timeZone);
  return (
    <Paper withBorder p="lg">
      <Title order={2} fz="lg" mb="sm">
        {t('events.detail.agenda')}
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={140}>
                {t('events.detail.agendaTime')}
              </Table.Th>
              <Table.Th scope="col">{t('events.detail.agendaItem')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {event.agenda.map((item, index) => {
              const instant = wallTimeToUtc(`${day}T${item.time}`, event.timeZone);
              const mine = instant ? formatTime(instant.toISOString(), dateLocale, zone) : null;
              return (
                <Table.Tr key={`${item.time}-${index}`}>
                  <Table.Td>
                    <Text fw={600} fz="sm">
                      {mine ?? item.time}
                    </Text>
                    {mine && mine !== item.time ? (
                      <Text fz="xs" c="dimmed">
                        {t('events.detail.agendaLocal', { time: item.time })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm" fw={500}>
                      {item.title}
                    </Text>
                    {item.speakers.length ? (
                      <Text fz="sm" c="dimmed">
                        {item.speakers.join(', ')}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Attachments({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  return (
    <Paper withBorder p="lg">
      <Title order={2} fz="lg" mb="sm">
        {t('events.detail.attachments')}
      </Title>
      <Stack gap="xs" component="ul" className={classes.plainList}>
        {event.attachments.map((file) => (
          <Group key={file.id} component="li" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFileText size={22} aria-hidden style={{ flexShrink: 0 }} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fw={500} truncate>
                  {file.name}
                </Text>
                <Text fz="xs" c="dimmed">
                  {formatFileSize(file.size, dateLocale)}
                </Text>
              </Stack>
            </Group>
            <FileDownloadButton file={file} locale={dateLocale} />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** E7: what stays once the session is over. */
function Afterwards({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const hasAnything = event.recordingUrl || event.followUp.length || event.threadId || event.answeredQuestions.length || event.attendance;
  if (!hasAnything) return null;
  return (
    <Paper withBorder p="lg" bg="gray.0">
      <Title order={2} fz="lg" mb="md">
        {t('events.after.title')}
      </Title>
      <Stack gap="md">
        {event.attendance ? (
          <Group gap="xl">
            <Stack gap={0}>
              <Text fz={28} fw={700} lh={1.1}>
                {event.attendance.registered}
              </Text>
              <Text fz="sm" c="dimmed">
                {t('events.after.registered')}
              </Text>
            </Stack>
            <Stack gap={0}>
              <Text fz={28} fw={700} lh={1.1}>
                {event.attendance.attended}
              </Text>
              <Text fz="sm" c="dimmed">
                {t('events.after.attended')}
              </Text>
            </Stack>
          </Group>
        ) : null}
        {event.recordingUrl || event.threadId ? (
          <Group gap="sm">
            {event.recordingUrl ? (
              <Button component="a" href={event.recordingUrl} target="_blank" rel="noopener noreferrer" leftSection={<IconVideo size={18} aria-hidden />}>
                {t('events.after.recording')}
              </Button>
            ) : null}
            {event.threadId ? (
              <Button component={Link} to={`/threads/${event.threadId}`} variant="default" leftSection={<IconMessages size={18} aria-hidden />}>
                {t('events.after.discussion')}
              </Button>
            ) : null}
          </Group>
        ) : null}
        {event.followUp.length ? (
          <div>
            <Title order={3} fz="md" mb={6}>
              {t('events.after.followUp')}
            </Title>
            <List spacing={4}>
              {event.followUp.map((item) => (
                <List.Item key={item.url}>
                  <Anchor href={item.url} target="_blank" rel="noopener noreferrer">
                    {item.title} <IconExternalLink size={14} aria-hidden />
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </div>
        ) : null}
        {event.answeredQuestions.length ? (
          <div>
            <Title order={3} fz="md" mb={6}>
              {t('events.after.answered', { count: event.answeredQuestions.length })}
            </Title>
            <Stack gap="xs" component="ul" className={classes.plainList}>
              {event.answeredQuestions.map((q) => (
                <Paper key={q.id} withBorder p="sm" component="li">
                  <Text fz="sm">{q.body}</Text>
                  <Text fz="xs" c="dimmed">
                    {t('events.qa.byVotes', { name: q.author?.displayName ?? t('events.qa.formerMember'), count: q.votes })}
                  </Text>
                </Paper>
              ))}
            </Stack>
          </div>
        ) : null}
      </Stack>
    </Paper>
  );
}
