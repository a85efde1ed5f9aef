import { Anchor, Badge, Button, Center, Grid, Group, Loader, Modal, MultiSelect, Paper, SegmentedControl, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconMessages, IconPencil, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { EventDetail, RegistrationStatus } from '@praxis/contracts';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { downloadProtected } from '../../files/api/files-api';
import { eventsApi } from '../api/events-api';
import { useLiveEvent } from '../hooks/useLiveEvent';
import { eventPhase } from '../lib/time';
import { EventGate, HostsOnly } from './EventGate';
import { QuestionsPanel } from './LivePanels';
import { AttendeeCountCard, EventTimes, PhaseBadge, RegistrationBadge, useViewerZone, useDateLocale } from './parts';

/** E2, E6: the hosts' console: registrations, the live session, Q&A moderation, the attendance report. */
export function EventManagePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  return (
    <EventGate id={id}>
      {(event) => (event.canHost ? <Console event={event} /> : <HostsOnly title={t('events.manage.title', { title: event.title })} />)}
    </EventGate>
  );
}

const FILTERS = ['all', 'registered', 'pending', 'waitlisted', 'other'] as const;

function Console({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const phase = eventPhase(event, new Date());
  const live = useLiveEvent(event, { host: true, chat: false });
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');

  const registrations = useQuery({
    queryKey: ['events', 'registrations', event.id],
    queryFn: () => eventsApi.registrations(event.id),
    refetchInterval: 30_000,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['events', 'registrations', event.id] });
    void queryClient.invalidateQueries({ queryKey: ['events', 'detail', event.id] });
  };
  const session = useMutation({
    mutationFn: (start: boolean) => eventsApi.setLive(event.id, start),
    onSuccess: (detail, start) => {
      setConfirmEnd(false);
      queryClient.setQueryData(['events', 'detail', event.id], detail);
      notifications.show({ color: 'teal', message: start ? t('events.manage.started') : t('events.manage.ended') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const decide = useMutation({
    mutationFn: ({ userId, approve }: { userId: string; approve: boolean; name: string }) => eventsApi.decide(event.id, userId, approve),
    onSuccess: ({ registration }, { approve, name }) => {
      notifications.show({
        color: 'teal',
        message: approve
          ? registration.status === 'waitlisted'
            ? t('events.manage.approvedWaitlisted', { name, position: registration.position ?? 0 })
            : t('events.manage.approved', { name })
          : t('events.manage.rejected', { name }),
      });
      refresh();
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const summary = useMutation({
    mutationFn: () => eventsApi.publishSummary(event.id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['events', 'detail', event.id] });
      notifications.show({ color: 'teal', message: result.postId ? t('events.manage.summaryPosted') : t('events.manage.summaryKept') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const report = useMutation({
    mutationFn: () => downloadProtected(eventsApi.attendanceCsvPath(event.id), `attendance-${event.id.slice(0, 8)}.csv`),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  const items = registrations.data?.items ?? [];
  const matches = (status: RegistrationStatus) =>
    filter === 'all' || status === filter || (filter === 'other' && !['registered', 'pending', 'waitlisted'].includes(status));
  const shown = items.filter((r) => matches(r.status));
  const count = (status: RegistrationStatus) => items.filter((r) => r.status === status).length;
  const started = event.live.startedAt !== null;
  const endedLive = event.live.endedAt !== null;

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/events/${event.id}`} fz="sm">
        {t('events.live.backToEvent')}
      </Anchor>
      <PageHeader
        title={t('events.manage.title', { title: event.title })}
        description={<EventTimes startsAt={event.startsAt} endsAt={event.endsAt} timeZone={event.timeZone} compact />}
        actions={
          <Button component={Link} to={`/events/${event.id}/edit`} variant="default" leftSection={<IconPencil size={18} aria-hidden />}>
            {t('events.detail.edit')}
          </Button>
        }
      />
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {live.announcement}
      </VisuallyHidden>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="lg" h="100%">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
              <Stack gap={4}>
                <Group gap="xs">
                  <Title order={2} fz="lg">
                    {t('events.manage.session')}
                  </Title>
                  <PhaseBadge phase={phase} />
                </Group>
                <Text fz="sm" c="dimmed">
                  {endedLive
                    ? t('events.manage.endedAt', { time: formatDateTime(event.live.endedAt, dateLocale, zone) })
                    : started
                      ? t('events.manage.startedAt', { time: formatDateTime(event.live.startedAt, dateLocale, zone) })
                      : t('events.manage.notStarted')}
                </Text>
                {event.summary ? (
                  <Text fz="sm" c="dimmed">
                    {t('events.manage.summaryAt', { time: formatDateTime(event.summary.recordedAt, dateLocale, zone) })}{' '}
                    {event.summary.postId && event.threadId ? (
                      <Anchor component={Link} to={`/threads/${event.threadId}`} fz="sm">
                        {t('events.manage.summaryThread')}
                      </Anchor>
                    ) : null}
                  </Text>
                ) : null}
              </Stack>
              <Group gap="sm">
                {!started ? (
                  <Button leftSection={<IconPlayerPlay size={18} aria-hidden />} onClick={() => session.mutate(true)} loading={session.isPending}>
                    {t('events.manage.start')}
                  </Button>
                ) : null}
                {started && !endedLive ? (
                  <Button color="red.8" leftSection={<IconPlayerStop size={18} aria-hidden />} onClick={() => setConfirmEnd(true)}>
                    {t('events.manage.end')}
                  </Button>
                ) : null}
                {phase === 'ended' ? (
                  <Button variant="default" leftSection={<IconMessages size={18} aria-hidden />} onClick={() => summary.mutate()} loading={summary.isPending}>
                    {event.summary ? t('events.manage.republishSummary') : t('events.manage.publishSummary')}
                  </Button>
                ) : null}
                <Button variant="default" leftSection={<IconDownload size={18} aria-hidden />} onClick={() => report.mutate()} loading={report.isPending}>
                  {t('events.manage.report')}
                </Button>
              </Group>
            </Group>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <AttendeeCountCard count={live.attendeeCount} />
        </Grid.Col>
      </Grid>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 12 }}>
          <QuestionsPanel eventId={event.id} questions={live.questions} canAsk={false} moderate onQuestion={live.putQuestion} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 12 }}>
          <Paper withBorder p="lg" component="section" aria-labelledby="registrations-heading">
            <Group justify="space-between" mb="sm" wrap="wrap">
              <Title order={2} fz="lg" id="registrations-heading">
                {t('events.manage.registrations')}
              </Title>
              <Group gap={6}>
                <Badge variant="outline" color="teal.9" radius="sm">
                  {t('events.manage.countRegistered', { count: count('registered') })}
                </Badge>
                {count('pending') ? (
                  <Badge variant="outline" color="blue.9" radius="sm">
                    {t('events.manage.countPending', { count: count('pending') })}
                  </Badge>
                ) : null}
                {count('waitlisted') ? (
                  <Badge variant="outline" color="grape.9" radius="sm">
                    {t('events.manage.countWaitlisted', { count: count('waitlisted') })}
                  </Badge>
                ) : null}
              </Group>
            </Group>
            {phase !== 'ended' ? <InviteMembers eventId={event.id} inviteOnly={event.registrationMode === 'invite'} onInvited={refresh} /> : null}
            <SegmentedControl
              aria-label={t('events.manage.filterLabel')}
              value={filter}
              onChange={(value) => setFilter(value as (typeof FILTERS)[number])}
              data={FILTERS.map((f) => ({ value: f, label: t(`events.manage.filter.${f}`) }))}
              size="xs"
              mb="sm"
              fullWidth
            />
            <ErrorAlert error={registrations.error} />
            {registrations.isPending ? (
              <Center h={120}>
                <Loader aria-label={t('common.loading')} />
              </Center>
            ) : shown.length === 0 ? (
              <Text c="dimmed" fz="sm">
                {t('events.manage.noRegistrations')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="xs" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('events.manage.member')}</Table.Th>
                      <Table.Th scope="col">{t('events.manage.status')}</Table.Th>
                      <Table.Th scope="col">{t('events.manage.since')}</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>{t('events.manage.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((r) => (
                      <Table.Tr key={r.userId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/members/${r.userId}`} fz="sm" fw={600}>
                            {r.displayName}
                          </Anchor>
                          <Text fz="xs" c="dimmed">
                            {[r.organisation, r.email].filter(Boolean).join(' · ')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <RegistrationBadge registration={{ status: r.status }} />
                          {r.status === 'cancelled' ? (
                            <Text fz="xs" c="dimmed">
                              {t('events.registration.status.cancelled')}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td>
                          <Text fz="xs">{formatDateTime(r.createdAt, dateLocale, zone)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {r.status === 'pending' ? (
                            <Group gap={4} wrap="nowrap">
                              <Button size="xs" onClick={() => decide.mutate({ userId: r.userId, approve: true, name: r.displayName })} aria-label={t('events.manage.approveNamed', { name: r.displayName })}>
                                {t('events.manage.approve')}
                              </Button>
                              <Button size="xs" variant="default" onClick={() => decide.mutate({ userId: r.userId, approve: false, name: r.displayName })} aria-label={t('events.manage.rejectNamed', { name: r.displayName })}>
                                {t('events.manage.reject')}
                              </Button>
                            </Group>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        </Grid.Col>
      </Grid>

      <Modal opened={confirmEnd} onClose={() => setConfirmEnd(false)} title={t('events.manage.endTitle')} centered>
        <Text mb="md">{t('events.manage.endBody')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmEnd(false)}>
            {t('common.cancel')}
          </Button>
          <Button color="red.8" onClick={() => session.mutate(false)} loading={session.isPending}>
            {t('events.manage.end')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

/** E2: hosts invite members; in invite-only mode only invited members may register. */
function InviteMembers({ eventId, inviteOnly, onInvited }: { eventId: string; inviteOnly: boolean; onInvited: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<{ value: string; label: string }[]>([]);
  const members = useQuery({
    queryKey: ['members', 'picker', debounced],
    queryFn: ({ signal }) => eventsApi.members(debounced, signal),
    enabled: debounced.trim().length >= 2,
  });
  const options = [
    ...picked,
    ...(members.data?.items ?? []).filter((m) => !picked.some((p) => p.value === m.id)).map((m) => ({ value: m.id, label: `${m.displayName} (${m.organisation})` })),
  ];
  const invite = useMutation({
    mutationFn: () => eventsApi.invite(eventId, picked.map((p) => p.value)),
    onSuccess: ({ invited }) => {
      setPicked([]);
      notifications.show({ color: 'teal', message: t('events.manage.invited', { count: invited }) });
      onInvited();
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="nowrap">
      <MultiSelect
        label={t('events.manage.inviteLabel')}
        description={inviteOnly ? t('events.manage.inviteOnlyHint') : t('events.manage.inviteHint')}
        placeholder={t('events.form.memberSearch')}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        data={options}
        value={picked.map((p) => p.value)}
        onChange={(ids) => setPicked(ids.map((id) => options.find((o) => o.value === id)!).filter(Boolean))}
        filter={({ options: all }) => all}
        nothingFoundMessage={debounced.trim().length >= 2 ? t('common.nothingFound') : t('events.form.typeTwo')}
        maxValues={500}
        style={{ flex: 1 }}
      />
      <Button onClick={() => invite.mutate()} loading={invite.isPending} disabled={picked.length === 0}>
        {t('events.manage.invite')}
      </Button>
    </Group>
  );
}
