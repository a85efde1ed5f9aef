import { Stack, Tabs } from '@mantine/core';
import { IconCircleCheck, IconFlag } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { ReportQueue } from './ReportQueue';

/** The hub-wide queue (SPEC M1, admins): reported members, hub-wide resources and events. */
export function HubReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'resolved' ? 'resolved' : 'open';
  return (
    <Stack gap="lg">
      <PageHeader title={t('moderation.hub.title')} description={t('moderation.hub.intro')} />
      <Tabs value={tab} onChange={(value) => setParams(value === 'resolved' ? { tab: value } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="open" leftSection={<IconFlag size={16} aria-hidden />}>
            {t('moderation.tabs.open')}
          </Tabs.Tab>
          <Tabs.Tab value="resolved" leftSection={<IconCircleCheck size={16} aria-hidden />}>
            {t('moderation.tabs.resolved')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="open" pt="md">
          <ReportQueue networkId={null} status="open" />
        </Tabs.Panel>
        <Tabs.Panel value="resolved" pt="md">
          <ReportQueue networkId={null} status="resolved" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
