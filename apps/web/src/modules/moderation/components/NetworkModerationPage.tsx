import { Paper, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconCircleCheck, IconClock, IconFlag, IconHistory } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import type { NetworkDetail } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { networksApi } from '../../networks/api/networks-api';
import { NetworkBreadcrumbs } from '../../networks/components/NetworkBreadcrumbs';
import { AuditLog } from './AuditLog';
import { NetworkHeldPosts } from './HeldPosts';
import { ReportQueue } from './ReportQueue';

export const MODERATION_TABS = ['open', 'resolved', 'held', 'audit'] as const;
type ModerationTab = (typeof MODERATION_TABS)[number];
const isTab = (value: string | null): value is ModerationTab => (MODERATION_TABS as readonly (string | null)[]).includes(value);

/** A network's moderation (SPEC M1, M2): open and resolved reports, posts waiting for approval, the audit log. */
export function NetworkModerationPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const network = useQuery({ queryKey: ['networks', 'detail', slug], queryFn: ({ signal }) => networksApi.get(slug, signal) });
  if (network.isPending) return <Skeleton h={300} />;
  if (network.isError) {
    return (
      <Stack>
        <PageHeader title={t('moderation.network.title')} />
        <ErrorAlert error={network.error} />
      </Stack>
    );
  }
  if (!network.data.permissions.moderate) {
    return (
      <Stack>
        <NetworkBreadcrumbs network={network.data} />
        <PageHeader title={t('moderation.network.title')} />
        <Paper withBorder p="lg">
          <Text>{t('moderation.network.moderatorsOnly')}</Text>
        </Paper>
      </Stack>
    );
  }
  return <Moderation network={network.data} />;
}

function Moderation({ network }: { network: NetworkDetail }) {
  const { t } = useTranslation();
  // The tab is in the URL, so a link (a notification, a colleague) opens the right list.
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: ModerationTab = isTab(tabParam) ? tabParam : 'open';
  return (
    <Stack gap="lg">
      <NetworkBreadcrumbs network={network} />
      <PageHeader title={t('moderation.network.title')} description={t('moderation.network.intro', { name: network.name })} />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'open' ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="open" leftSection={<IconFlag size={16} aria-hidden />}>
            {t('moderation.tabs.open')}
          </Tabs.Tab>
          <Tabs.Tab value="resolved" leftSection={<IconCircleCheck size={16} aria-hidden />}>
            {t('moderation.tabs.resolved')}
          </Tabs.Tab>
          <Tabs.Tab value="held" leftSection={<IconClock size={16} aria-hidden />}>
            {t('moderation.tabs.held')}
          </Tabs.Tab>
          <Tabs.Tab value="audit" leftSection={<IconHistory size={16} aria-hidden />}>
            {t('moderation.tabs.audit')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="open" pt="md">
          <ReportQueue networkId={network.id} status="open" />
        </Tabs.Panel>
        <Tabs.Panel value="resolved" pt="md">
          <ReportQueue networkId={network.id} status="resolved" />
        </Tabs.Panel>
        <Tabs.Panel value="held" pt="md">
          <NetworkHeldPosts networkId={network.id} />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditLog networkId={network.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
