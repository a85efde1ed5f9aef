import { ActionIcon, Anchor, Badge, Button, Center, Group, Loader, Paper, SegmentedControl, Select, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconCalendarMonth, IconChevronLeft, IconChevronRight, IconList, IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { EventKind, EventSummary } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { eventsApi } from '../api/events-api';
import { useHostableNetworks } from '../hooks/useHostableNetworks';
import {
  dayKey, eventPhase, eventsByDay, firstDayOfWeek, formatTime, gridRange, monthGrid, monthTitle, splitUpcomingPast, weekdayNames, zoneLabel,
} from '../lib/time';
import { EventTimes, KindBadge, PhaseBadge, RegistrationBadge, useViewerZone, useDateLocale } from './parts';
import classes from './events.module.css';

const KINDS: EventKind[] = ['briefing', 'webinar', 'meeting', 'workshop'];

/** E3: every event the member may see, as a month or a list, in the member's own time zone. */
export function EventsCalendarPage() {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'month' ? 'month' : 'list';
  const tab = params.get('when') === 'past' ? 'past' : 'upcoming';
  const networkId = params.get('network') ?? '';
  const kind = (KINDS as string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as EventKind) : undefined;
  const today = dayKey(new Date(), zone);
  const monthParam = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : today.slice(0, 7);
  const [year, month] = monthParam.split('-').map(Number);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const weekStart = firstDayOfWeek(dateLocale);
  const grid = useMemo(() => monthGrid(year, month, weekStart), [year, month, weekStart]);
  const range = useMemo(() => gridRange(grid, zone), [grid, zone]);

  const networks = useQuery({ queryKey: ['networks', 'all'], queryFn: () => eventsApi.networks() });
  const { canCreate } = useHostableNetworks();
  // The month grid loads its whole range; the list loads a page at a time, upcoming soonest first,
  // past latest first, split at the moment the page opened.
  const [openedAt] = useState(() => new Date().toISOString());
  const monthFilter = { networkId: networkId || undefined, kind, from: range.from.toISOString(), to: range.to.toISOString() };
  const monthEvents = useQuery({
    queryKey: ['events', 'list', 'month', monthFilter],
    queryFn: ({ signal }) => eventsApi.listRange(monthFilter, signal),
    enabled: view === 'month',
  });
  const listFilter = {
    networkId: networkId || undefined,
    kind,
    ...(tab === 'past' ? { to: openedAt, order: 'desc' as const } : { from: openedAt, order: 'asc' as const }),
  };
  const listEvents = useInfiniteQuery({
    queryKey: ['events', 'list', 'pages', listFilter],
    queryFn: ({ pageParam, signal }) => eventsApi.list({ ...listFilter, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: view === 'list',
  });
  const events = view === 'month' ? monthEvents : listEvents;
  const listed = listEvents.data?.pages.flatMap((page) => page.items) ?? [];

  const shiftMonth = (delta: number) => {
    const date = new Date(Date.UTC(year, month - 1 + delta, 1));
    setParam('month', `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`);
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('events.calendar.title')}
        description={t('events.calendar.intro')}
        actions={
          canCreate ? (
            <Button component={Link} to="/events/new" leftSection={<IconPlus size={18} aria-hidden />}>
              {t('events.calendar.create')}
            </Button>
          ) : null
        }
      />
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
          <Group align="flex-end" gap="md" wrap="wrap">
            <Select
              label={t('events.calendar.network')}
              data={[{ value: '', label: t('events.calendar.allNetworks') }, ...(networks.data?.items ?? []).map((n) => ({ value: n.id, label: n.name }))]}
              value={networkId}
              onChange={(value) => setParam('network', value)}
              allowDeselect={false}
              searchable
              w={260}
            />
            <Select
              label={t('events.calendar.kind')}
              data={[{ value: '', label: t('events.calendar.allKinds') }, ...KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) }))]}
              value={kind ?? ''}
              onChange={(value) => setParam('kind', value)}
              allowDeselect={false}
              w={200}
            />
          </Group>
          <SegmentedControl
            aria-label={t('events.calendar.viewLabel')}
            value={view}
            onChange={(value) => setParam('view', value === 'month' ? 'month' : null)}
            data={[
              { value: 'list', label: <Group gap={6} wrap="nowrap"><IconList size={16} aria-hidden />{t('events.calendar.listView')}</Group> },
              { value: 'month', label: <Group gap={6} wrap="nowrap"><IconCalendarMonth size={16} aria-hidden />{t('events.calendar.monthView')}</Group> },
            ]}
          />
        </Group>
        <Text fz="sm" c="dimmed" mt="sm">
          {t('events.calendar.zoneNote', { zone: zoneLabel(zone, dateLocale) })}{' '}
          <Anchor component={Link} to="/profile" fz="sm">
            {t('events.calendar.changeZone')}
          </Anchor>
        </Text>
      </Paper>

      <ErrorAlert error={events.error} />

      {view === 'month' ? (
        <Paper withBorder p="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="xl" aria-live="polite">
              {monthTitle(year, month, dateLocale)}
            </Title>
            <Group gap="xs">
              <Tooltip label={t('events.calendar.previousMonth')}>
                <ActionIcon variant="default" size="lg" aria-label={t('events.calendar.previousMonth')} onClick={() => shiftMonth(-1)}>
                  <IconChevronLeft size={18} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Button variant="default" onClick={() => setParam('month', null)}>
                {t('events.calendar.today')}
              </Button>
              <Tooltip label={t('events.calendar.nextMonth')}>
                <ActionIcon variant="default" size="lg" aria-label={t('events.calendar.nextMonth')} onClick={() => shiftMonth(1)}>
                  <IconChevronRight size={18} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
          {events.isPending ? (
            <Center h={200}>
              <Loader aria-label={t('common.loading')} />
            </Center>
          ) : (
            <MonthTable grid={grid} weekStart={weekStart} today={today} events={monthEvents.data?.items ?? []} zone={zone} />
          )}
        </Paper>
      ) : (
        <Tabs value={tab} onChange={(value) => setParam('when', value === 'past' ? 'past' : null)}>
          <Tabs.List>
            <Tabs.Tab value="upcoming">{t('events.calendar.upcoming')}</Tabs.Tab>
            <Tabs.Tab value="past">{t('events.calendar.past')}</Tabs.Tab>
          </Tabs.List>
          {(['upcoming', 'past'] as const).map((which) => (
            <Tabs.Panel key={which} value={which} pt="md">
              {events.isPending ? (
                <Center h={160}>
                  <Loader aria-label={t('common.loading')} />
                </Center>
              ) : which === tab ? (
                <>
                  <EventList events={splitUpcomingPast(listed, new Date())[which]} empty={t(`events.calendar.empty.${which}`)} />
                  <LoadMore hasMore={Boolean(listEvents.hasNextPage)} loading={listEvents.isFetchingNextPage} onLoad={() => void listEvents.fetchNextPage()} />
                </>
              ) : null}
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}

function MonthTable({ grid, weekStart, today, events, zone }: { grid: ReturnType<typeof monthGrid>; weekStart: number; today: string; events: EventSummary[]; zone: string }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const byDay = useMemo(() => eventsByDay(events, zone), [events, zone]);
  const short = weekdayNames(dateLocale, weekStart, 'short');
  const long = weekdayNames(dateLocale, weekStart, 'long');
  const dayLabel = (key: string) =>
    new Intl.DateTimeFormat(dateLocale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${key}T12:00:00Z`));
  return (
    <div className={classes.monthScroll}>
      <table className={classes.month}>
        <caption className={classes.srOnly}>{t('events.calendar.monthCaption')}</caption>
        <thead>
          <tr>
            {short.map((name, i) => (
              <th key={name} scope="col" abbr={long[i]}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((week) => (
            <tr key={week[0].key}>
              {week.map((day) => {
                const items = byDay.get(day.key) ?? [];
                return (
                  <td key={day.key} className={day.inMonth ? undefined : classes.outside} aria-current={day.key === today ? 'date' : undefined}>
                    <div className={day.key === today ? classes.today : classes.dayNumber}>
                      <span aria-hidden>{day.day}</span>
                      <span className={classes.srOnly}>{dayLabel(day.key)}</span>
                    </div>
                    {items.length ? (
                      <ul className={classes.dayEvents}>
                        {items.map((event) => (
                          <li key={event.id}>
                            <Link to={`/events/${event.id}`} className={classes.chip} data-kind={event.kind}>
                              <span className={classes.chipTime}>{formatTime(event.startsAt, dateLocale, zone)}</span> {event.title}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventList({ events, empty }: { events: EventSummary[]; empty: string }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  if (!events.length) {
    return (
      <Paper withBorder p="xl">
        <Text c="dimmed" ta="center">
          {empty}
        </Text>
      </Paper>
    );
  }
  const now = new Date();
  return (
    <Stack gap="sm" component="ul" className={classes.plainList}>
      {events.map((event) => {
        const start = new Date(event.startsAt);
        return (
          <Paper key={event.id} withBorder p="md" component="li">
            <Group align="flex-start" wrap="nowrap" gap="lg">
              <div className={classes.dateBlock} aria-hidden>
                <span className={classes.dateMonth}>{new Intl.DateTimeFormat(dateLocale, { month: 'short', timeZone: zone }).format(start)}</span>
                <span className={classes.dateDay}>{new Intl.DateTimeFormat(dateLocale, { day: 'numeric', timeZone: zone }).format(start)}</span>
              </div>
              <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
                <Group gap="xs">
                  <KindBadge kind={event.kind} />
                  <PhaseBadge phase={eventPhase(event, now)} />
                  <RegistrationBadge registration={event.myRegistration} />
                </Group>
                <Title order={3} fz="lg">
                  <Anchor component={Link} to={`/events/${event.id}`} underline="hover" c="inherit">
                    {event.title}
                  </Anchor>
                </Title>
                <EventTimes startsAt={event.startsAt} endsAt={event.endsAt} timeZone={event.timeZone} compact />
                <Group gap="xs">
                  <Text fz="sm" c="dimmed">
                    {event.network ? t('events.hostedBy', { network: event.network.name ?? t('events.hiddenNetwork') }) : t('events.hubWide')}
                  </Text>
                  {event.languages.length ? (
                    <Badge variant="default" radius="sm" tt="none">
                      {event.languages.map((l) => l.toUpperCase()).join(' · ')}
                    </Badge>
                  ) : null}
                </Group>
              </Stack>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
