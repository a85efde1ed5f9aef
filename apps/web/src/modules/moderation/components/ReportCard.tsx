import { Anchor, Badge, Box, Button, type ButtonProps, Group, Modal, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconMessageReport } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { QueuedReport, ReportAction, ReportReason, UserRef } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { moderationApi, moderationKeys } from '../api/moderation-api';
import { actionKey, actionsFor, DEFAULT_MUTE_MINUTES, DESTRUCTIVE_ACTIONS, MUTE_MINUTES, targetLink } from '../lib/actions';
import { REPORT_NOTE_MAX } from './ReportDialog';

/** Filled red that keeps white text above 4.5:1 (WCAG 1.4.3); Mantine's default red shade does not. */
export const DANGER_COLOR = 'red.9';

const REASON_COLORS: Record<ReportReason, string> = {
  'sensitive-data': 'red',
  harassment: 'orange',
  spam: 'grape',
  'off-topic': 'gray',
  other: 'gray',
};

/** How an action's button looks: the ones that take something away stand out. */
function actionStyle(action: ReportAction): { variant: ButtonProps['variant']; color?: string } {
  if (action === 'dismiss') return { variant: 'default' };
  if (DESTRUCTIVE_ACTIONS.has(action)) return { variant: 'light', color: 'red' };
  if (action === 'mute') return { variant: 'light', color: 'orange' };
  return { variant: 'light' };
}

/** One report in a queue: the target in context, who reported it and why, and what may be done (SPEC M1). */
export function ReportCard({ report, onResolved }: { report: QueuedReport; onResolved: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState<ReportAction | null>(null);
  const [minutes, setMinutes] = useState(String(DEFAULT_MUTE_MINUTES));
  const { target } = report;
  const headingId = `report-${report.id}-heading`;
  const noteId = `report-${report.id}-note`;
  const link = targetLink(target);
  const author = target.author;
  const label = (action: ReportAction) => t(`moderation.actions.${actionKey(action, report)}`);
  const outcome = (action: ReportAction) => t(`moderation.outcome.${actionKey(action, report)}`);

  const resolve = useMutation({
    mutationFn: (action: ReportAction) =>
      moderationApi.resolve(report.id, {
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(action === 'mute' ? { minutes: Number(minutes) } : {}),
      }),
    onSuccess: async (_resolved, action) => {
      setAsking(null);
      const message = t('moderation.queue.resolvedMessage', { outcome: outcome(action), count: report.openReports });
      notifications.show({ color: 'teal', message });
      onResolved(message);
      // Every report of the target closed at once; the audit log has new lines.
      await queryClient.invalidateQueries({ queryKey: moderationKeys.all });
    },
    onError: (error) => {
      if (!asking) notifications.show({ color: 'red', title: t('moderation.queue.actionFailed'), message: errorMessage(error) });
    },
  });

  const act = (action: ReportAction) => {
    resolve.reset();
    if (action === 'mute' || DESTRUCTIVE_ACTIONS.has(action)) setAsking(action);
    else resolve.mutate(action);
  };

  return (
    <Paper component="article" withBorder p="md" radius="md" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          <Badge variant="outline" color="gray" tt="none">
            {t(`moderation.targetTypes.${report.targetType}`)}
          </Badge>
          <Badge variant="light" color={REASON_COLORS[report.reason]} tt="none">
            {t(`moderation.reasons.${report.reason}`)}
          </Badge>
          {report.status === 'open' && report.openReports > 1 ? (
            <Badge variant="filled" color={DANGER_COLOR} tt="none" leftSection={<IconMessageReport size={12} aria-hidden />}>
              {t('moderation.queue.openReports', { count: report.openReports })}
            </Badge>
          ) : null}
          {target.removed ? (
            <Badge variant="light" color="red" tt="none">
              {t(`moderation.state.removed.${report.targetType}`)}
            </Badge>
          ) : null}
          {target.locked ? (
            <Badge variant="light" color="gray" tt="none" leftSection={<IconLock size={12} aria-hidden />}>
              {t('moderation.state.locked')}
            </Badge>
          ) : null}
        </Group>

        <Title order={3} fz="md" id={headingId}>
          {target.title ? (
            link ? (
              <Anchor component={Link} to={link} inherit>
                {report.targetType === 'post' ? t('moderation.queue.postIn', { title: target.title }) : target.title}
              </Anchor>
            ) : (
              target.title
            )
          ) : (
            t('moderation.queue.gone')
          )}
        </Title>

        {target.excerpt && report.targetType !== 'user' ? (
          <Box
            component="blockquote"
            m={0}
            pl="sm"
            py={4}
            style={{ borderLeft: '3px solid var(--mantine-color-gray-4)', overflowWrap: 'anywhere' }}
          >
            <Text size="sm" lineClamp={5} style={{ whiteSpace: 'pre-wrap' }}>
              {target.excerpt}
            </Text>
          </Box>
        ) : target.excerpt ? (
          <Text size="sm" c="dimmed">
            {target.excerpt}
          </Text>
        ) : null}

        {author && report.targetType !== 'user' ? (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {t(report.targetType === 'event' ? 'moderation.queue.host' : 'moderation.queue.author')}
            </Text>
            <Person person={author} />
          </Group>
        ) : null}

        <Paper bg="var(--mantine-color-gray-0)" p="sm" radius="sm">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t('moderation.queue.reportedBy')}
            </Text>
            <Person person={report.reporter} />
            <Text size="sm" c="dimmed" component="time" dateTime={report.updatedAt}>
              {formatDateTime(report.updatedAt, i18n.language, user.timeZone)}
            </Text>
          </Group>
          {report.note ? (
            <Text size="sm" mt={6} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <Text span fw={600}>
                {t('moderation.queue.reporterNote')}
              </Text>{' '}
              {report.note}
            </Text>
          ) : null}
        </Paper>

        {report.status === 'resolved' ? (
          <Stack gap={4}>
            <Text size="sm">
              <Text span fw={600}>
                {report.action ? outcome(report.action) : t('moderation.queue.resolved')}
              </Text>
              {report.resolvedBy
                ? ` · ${t('moderation.queue.resolvedBy', { name: report.resolvedBy.displayName, date: formatDateTime(report.resolvedAt, i18n.language, user.timeZone) })}`
                : ''}
            </Text>
            {report.resolutionNote ? (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {t('moderation.queue.resolutionNote', { note: report.resolutionNote })}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <Stack gap="xs">
            <Textarea
              id={noteId}
              label={t('moderation.queue.noteLabel')}
              description={t('moderation.queue.noteHelp')}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              maxLength={REPORT_NOTE_MAX}
              autosize
              minRows={1}
              maxRows={5}
            />
            <Group gap="xs" wrap="wrap" role="group" aria-label={t('moderation.queue.actionsLabel')}>
              {actionsFor(report).map((action) => (
                <Button
                  key={action}
                  size="xs"
                  {...actionStyle(action)}
                  loading={resolve.isPending && resolve.variables === action && !asking}
                  disabled={resolve.isPending}
                  onClick={() => act(action)}
                  aria-haspopup={action === 'mute' || DESTRUCTIVE_ACTIONS.has(action) ? 'dialog' : undefined}
                >
                  {label(action)}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
      </Stack>

      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? t(`moderation.confirm.${actionKey(asking, report)}.title`, { name: author?.displayName ?? '' }) : ''}
        closeButtonProps={{ 'aria-label': t('moderation.close') }}
      >
        {asking ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              resolve.mutate(asking);
            }}
          >
            <Stack>
              <Text size="sm">{t(`moderation.confirm.${actionKey(asking, report)}.body`, { name: author?.displayName ?? '', network: report.network?.name ?? '' })}</Text>
              {asking === 'mute' ? (
                <Select
                  label={t('moderation.confirm.muteFor')}
                  data={MUTE_MINUTES.map((value) => ({ value: String(value), label: t(`moderation.muteDurations.${value}`) }))}
                  value={minutes}
                  onChange={(value) => setMinutes(value ?? String(DEFAULT_MUTE_MINUTES))}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: false }}
                />
              ) : null}
              <Textarea
                label={t('moderation.queue.noteLabel')}
                description={t('moderation.queue.noteHelp')}
                value={note}
                onChange={(event) => setNote(event.currentTarget.value)}
                maxLength={REPORT_NOTE_MAX}
                autosize
                minRows={2}
                maxRows={6}
              />
              <ErrorAlert error={resolve.error} title={t('moderation.queue.actionFailed')} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setAsking(null)}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" color={asking === 'mute' ? undefined : DANGER_COLOR} loading={resolve.isPending}>
                  {t(`moderation.confirm.${actionKey(asking, report)}.submit`)}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Modal>
    </Paper>
  );
}

function Person({ person }: { person: UserRef }) {
  return (
    <Group gap={6} wrap="nowrap">
      <MemberAvatar url={person.avatarUrl} name={person.displayName} size={24} />
      <Anchor component={Link} to={`/members/${person.id}`} size="sm" fw={600}>
        {person.displayName}
      </Anchor>
      <Text size="xs" c="dimmed">
        {person.organisation}
      </Text>
    </Group>
  );
}
