import { Badge, Group, Paper, Stack, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconClock, IconUsers, IconWorld } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { EventKind, EventRegistration } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatRange, regionalLocale, viewerTimeZone, zoneLabel, type EventPhase } from '../lib/time';

/** The locale dates are written in: the interface language, with the browser's region when it matches (I1). */
export function useDateLocale(): string {
  const { i18n } = useTranslation();
  return regionalLocale(i18n.language);
}

/** The zone the signed-in member reads times in (SPEC I1). */
export function useViewerZone(): string {
  const user = useCurrentUser();
  return viewerTimeZone(user.timeZone);
}

const KIND_COLORS: Record<EventKind, string> = { briefing: 'praxis', webinar: 'indigo', meeting: 'grape', workshop: 'orange' };

export function KindBadge({ kind }: { kind: EventKind }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={KIND_COLORS[kind]} c={`${KIND_COLORS[kind]}.9`} radius="sm">
      {t(`events.kinds.${kind}`)}
    </Badge>
  );
}

export function PhaseBadge({ phase }: { phase: EventPhase }) {
  const { t } = useTranslation();
  if (phase === 'upcoming') return null;
  return (
    <Badge variant={phase === 'live' ? 'filled' : 'outline'} color={phase === 'live' ? 'red.8' : 'gray.7'} radius="sm">
      {t(`events.phase.${phase}`)}
    </Badge>
  );
}

const REGISTRATION_COLORS: Record<string, string> = {
  // Shade 9 (gray 8) keeps small badge text above 4.5:1 on white (WCAG 1.4.3).
  registered: 'teal.9',
  waitlisted: 'grape.9',
  pending: 'blue.9',
  invited: 'indigo.9',
  rejected: 'red.9',
  cancelled: 'gray.8',
};

export function RegistrationBadge({ registration }: { registration: EventRegistration | null }) {
  const { t } = useTranslation();
  if (!registration || registration.status === 'cancelled') return null;
  return (
    <Badge variant="outline" color={REGISTRATION_COLORS[registration.status]} radius="sm">
      {registration.status === 'waitlisted' && registration.position
        ? t('events.registration.waitlistedAt', { position: registration.position })
        : t(`events.registration.status.${registration.status}`)}
    </Badge>
  );
}

/** Start and end in the reader's zone and, when it differs, in the event's own zone. */
export function EventTimes({ startsAt, endsAt, timeZone, compact = false }: { startsAt: string; endsAt: string; timeZone: string; compact?: boolean }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  const mine = formatRange(startsAt, endsAt, dateLocale, zone);
  const theirs = formatRange(startsAt, endsAt, dateLocale, timeZone);
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconClock size={16} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
        <Text fz="sm" fw={compact ? 400 : 600}>
          <VisuallyHidden>{t('events.times.yours')} </VisuallyHidden>
          {mine}
        </Text>
      </Group>
      {!compact && zone !== timeZone && mine === theirs ? (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconWorld size={16} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
          <Text fz="sm" c="dimmed">
            {t('events.times.sameClock', { zone: zoneLabel(timeZone, dateLocale, new Date(startsAt)) })}
          </Text>
        </Group>
      ) : null}
      {!compact && mine !== theirs ? (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconWorld size={16} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
          <Text fz="sm" c="dimmed">
            {t('events.times.eventZone', { time: theirs, zone: zoneLabel(timeZone, dateLocale, new Date(startsAt)) })}
          </Text>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The live attendee count (E6), as the live room and the host console show it. */
export function AttendeeCountCard({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg" h="100%">
      <Group gap="md" wrap="nowrap">
        <ThemeIcon size={44} radius="md" variant="light" color="teal">
          <IconUsers size={24} aria-hidden />
        </ThemeIcon>
        <Stack gap={0}>
          <Text fz={28} fw={700} lh={1.1} data-testid="attendee-count">
            {count}
          </Text>
          <Text fz="sm" c="dimmed">
            {t('events.live.attendees', { count })}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}
