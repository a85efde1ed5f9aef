import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAffiliate, IconDownload, IconFlag, IconMessages, IconRefresh, IconSettings, IconUserCheck, IconUserQuestion, IconUsers, type Icon } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { AdminDashboard, DashboardTable } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { adminApi, downloadFile } from '../api/admin-api';

// Every chart has a legend under it. The charts are pictures of the tables beside them (which screen
// readers read instead), so they are hidden from assistive technology and take no keyboard focus.
const CHART = {
  withLegend: true,
  legendProps: { verticalAlign: 'bottom', height: 40 },
  barChartProps: { accessibilityLayer: false },
  'aria-hidden': true,
} as const;
/** Weekly and per-event counts: columns, counted up the y axis. */
const COLUMNS = { ...CHART, tickLine: 'y', gridAxis: 'y', yAxisProps: { allowDecimals: false } } as const;

/** A week's Monday (YYYY-MM-DD, UTC) as a short date in the reader's language: "3 Mar". */
function weekLabel(weekStart: string, language: string): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${weekStart}T00:00:00Z`));
}

function StatCard({ icon: IconComponent, label, value, hint, color = 'praxis' }: { icon: Icon; label: string; value: string; hint?: ReactNode; color?: string }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fz={30} fw={700} lh={1.15}>
            {value}
          </Text>
        </Stack>
        <ThemeIcon size={38} radius="md" variant="light" color={color}>
          <IconComponent size={20} aria-hidden />
        </ThemeIcon>
      </Group>
      {hint ? (
        <Text size="xs" c="dimmed" mt={6}>
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

/** A dashboard section: a heading, its CSV download, and the chart or table. */
function Section({ id, title, description, table, children }: { id: string; title: string; description: string; table: DashboardTable; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Stack gap={2}>
          <Title order={2} fz="lg" id={id}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        </Stack>
        <CsvButton table={table} label={t('dashboard.downloadTable', { table: title })} />
      </Group>
      {children}
    </Paper>
  );
}

function CsvButton({ table, label, text }: { table: DashboardTable; label: string; text?: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadFile(adminApi.dashboardCsvUrl(table), `dashboard-${table}-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (error) {
      notifications.show({ color: 'red', title: t('dashboard.downloadFailed'), message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" size="xs" leftSection={<IconDownload size={14} aria-hidden />} loading={busy} onClick={() => void download()} aria-label={label}>
      {text ?? t('dashboard.csv')}
    </Button>
  );
}

function Figures({ data }: { data: AdminDashboard }) {
  const { t, i18n } = useTranslation();
  const viewer = useCurrentUser();
  const number = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  const percent = (part: number, whole: number) => (whole ? new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(part / whole) : '–');
  const { members, periods } = data;
  const activity = data.activity.map((week) => ({ ...week, week: weekLabel(week.weekStart, i18n.language) }));
  const threadsInPeriod = data.activity.reduce((sum, week) => sum + week.threads, 0);
  const postsInPeriod = data.activity.reduce((sum, week) => sum + week.posts, 0);
  // Oldest first reads left to right; titles are cut so that the axis stays legible.
  const events = [...data.events].reverse().map((event) => ({
    ...event,
    label: event.title.length > 24 ? `${event.title.slice(0, 23)}…` : event.title,
  }));
  const series = {
    threads: t('dashboard.activity.threads'),
    posts: t('dashboard.activity.posts'),
    registered: t('dashboard.events.registered'),
    attended: t('dashboard.events.attended'),
  };

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
        <StatCard icon={IconUsers} label={t('dashboard.stats.members')} value={number(members.total)} hint={t('dashboard.stats.suspended', { count: members.suspended })} />
        <StatCard
          icon={IconUserQuestion}
          color="orange"
          label={t('dashboard.stats.pending')}
          value={number(members.pending)}
          hint={
            <Anchor component={Link} to="/admin/access-requests" size="xs">
              {t('dashboard.stats.review')}
            </Anchor>
          }
        />
        <StatCard
          icon={IconUserCheck}
          color="teal"
          label={t('dashboard.stats.active', { count: periods.activeDays })}
          value={number(members.activeRecently)}
          hint={t('dashboard.stats.activeShare', { percent: percent(members.activeRecently, members.total) })}
        />
        <StatCard icon={IconAffiliate} label={t('dashboard.stats.networks')} value={number(data.networks)} />
        <StatCard
          icon={IconMessages}
          color="indigo"
          label={t('dashboard.stats.posts', { count: periods.weeks })}
          value={number(postsInPeriod)}
          hint={t('dashboard.stats.threads', { count: threadsInPeriod, formatted: number(threadsInPeriod) })}
        />
        <StatCard icon={IconFlag} color={data.openReports ? 'red' : 'gray'} label={t('dashboard.stats.openReports')} value={number(data.openReports)} />
      </SimpleGrid>

      <Section id="dashboard-activity" table="activity" title={t('dashboard.activity.title')} description={t('dashboard.activity.description', { count: periods.weeks })}>
        <BarChart
          h={280}
          data={activity}
          dataKey="week"
          series={[
            { name: 'threads', label: series.threads, color: 'praxis.8' },
            { name: 'posts', label: series.posts, color: 'praxis.4' },
          ]}
          {...COLUMNS}
          maxBarWidth={28}
          data-testid="activity-chart"
        />
        <VisuallyHidden>
          <Table aria-label={t('dashboard.activity.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dashboard.activity.week')}</Table.Th>
                <Table.Th scope="col">{series.threads}</Table.Th>
                <Table.Th scope="col">{series.posts}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {activity.map((week) => (
                <Table.Tr key={week.weekStart}>
                  <Table.Th scope="row">{week.week}</Table.Th>
                  <Table.Td>{week.threads}</Table.Td>
                  <Table.Td>{week.posts}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </VisuallyHidden>
      </Section>

      <Section id="dashboard-events" table="events" title={t('dashboard.events.title')} description={t('dashboard.events.description', { count: periods.events })}>
        {events.length ? (
          <Stack gap="md">
            <BarChart
              h={260}
              data={events}
              dataKey="label"
              series={[
                { name: 'registered', label: series.registered, color: 'praxis.4' },
                { name: 'attended', label: series.attended, color: 'teal.7' },
              ]}
              {...COLUMNS}
              maxBarWidth={44}
              data-testid="events-chart"
            />
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs" striped aria-labelledby="dashboard-events">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('dashboard.events.event')}</Table.Th>
                    <Table.Th scope="col">{t('dashboard.events.date')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {series.registered}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {series.attended}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('dashboard.events.turnout')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.events.map((event) => (
                    <Table.Tr key={event.id}>
                      <Table.Th scope="row" fw={500}>
                        <Anchor component={Link} to={`/events/${event.id}`} size="sm">
                          {event.title}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(event.startsAt, i18n.language, viewer.timeZone)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">{number(event.registered)}</Table.Td>
                      <Table.Td ta="right">{number(event.attended)}</Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" title={t('dashboard.events.turnoutHint', { count: event.attendedRegistered })}>
                          {percent(event.attendedRegistered, event.registered)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        ) : (
          <Text c="dimmed" ta="center" py="lg">
            {t('dashboard.events.empty')}
          </Text>
        )}
      </Section>

      <Section id="dashboard-tags" table="tags" title={t('dashboard.tags.title')} description={t('dashboard.tags.description', { count: periods.weeks })}>
        {data.topTags.length ? (
          <>
            <BarChart
              h={Math.max(160, data.topTags.length * 34 + 40)}
              data={data.topTags}
              dataKey="tag"
              orientation="vertical"
              type="stacked"
              yAxisProps={{ width: 120 }}
              series={[
                { name: 'threads', label: t('dashboard.tags.threads'), color: 'praxis.7' },
                { name: 'resources', label: t('dashboard.tags.resources'), color: 'orange.5' },
              ]}
              {...CHART}
              gridAxis="x"
              xAxisProps={{ allowDecimals: false }}
              maxBarWidth={22}
              data-testid="tags-chart"
            />
            <VisuallyHidden>
              <Table aria-label={t('dashboard.tags.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('dashboard.tags.tag')}</Table.Th>
                    <Table.Th scope="col">{t('dashboard.tags.threads')}</Table.Th>
                    <Table.Th scope="col">{t('dashboard.tags.resources')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.topTags.map((tag) => (
                    <Table.Tr key={tag.tag}>
                      <Table.Th scope="row">{tag.tag}</Table.Th>
                      <Table.Td>{tag.threads}</Table.Td>
                      <Table.Td>{tag.resources}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </VisuallyHidden>
          </>
        ) : (
          <Text c="dimmed" ta="center" py="lg">
            {t('dashboard.tags.empty')}
          </Text>
        )}
      </Section>

      <Text size="xs" c="dimmed" ta="right">
        {t('dashboard.generatedAt', { when: formatDateTime(data.generatedAt, i18n.language, viewer.timeZone) })}
      </Text>
    </Stack>
  );
}

/** D1: the hub's figures for platform admins, with a CSV of each table. */
export function DashboardPage() {
  const { t } = useTranslation();
  const dashboard = useQuery({ queryKey: ['admin-dashboard'], queryFn: adminApi.dashboard });

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('dashboard.title')}
        description={t('dashboard.intro')}
        actions={
          <>
            <CsvButton table="summary" label={t('dashboard.downloadSummary')} text={t('dashboard.summaryCsv')} />
            <Button variant="default" size="xs" leftSection={<IconRefresh size={14} aria-hidden />} loading={dashboard.isFetching} onClick={() => void dashboard.refetch()}>
              {t('dashboard.refresh')}
            </Button>
            <Button component={Link} to="/admin/settings" variant="light" size="xs" leftSection={<IconSettings size={14} aria-hidden />}>
              {t('hubSettings.nav')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={dashboard.error} />
      {dashboard.data ? (
        <Figures data={dashboard.data} />
      ) : dashboard.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label={t('common.loading')}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} h={96} />
            ))}
          </SimpleGrid>
          <Skeleton h={320} />
        </Stack>
      ) : null}
    </Stack>
  );
}
