import { Alert, Anchor, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { EventDetail } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { useEventDetail } from './EventPage';

/**
 * Loads one event for a page: a spinner while it loads, "not found" with the reason when it cannot
 * be read (404 for those who may not see it), otherwise the page itself.
 */
export function EventGate({ id, children }: { id: string; children: (event: EventDetail) => ReactNode }) {
  const { t } = useTranslation();
  const event = useEventDetail(id);
  if (event.isPending) {
    return (
      <Center h="50vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (event.error || !event.data) {
    return (
      <Stack>
        <PageHeader title={t('events.detail.notFoundTitle')} />
        <ErrorAlert error={event.error} />
        <Anchor component={Link} to="/events">
          {t('events.backToCalendar')}
        </Anchor>
      </Stack>
    );
  }
  return children(event.data);
}

/** What a page for the event's hosts shows anyone else (the API refuses them too). */
export function HostsOnly({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <PageHeader title={title} />
      <Alert color="red" variant="light">
        {t('events.manage.hostsOnly')}
      </Alert>
    </Stack>
  );
}
