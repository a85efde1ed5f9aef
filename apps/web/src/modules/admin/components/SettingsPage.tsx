import { Anchor, Button, Divider, Group, Paper, Skeleton, Stack, Switch, TagsInput, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconChartBar, IconUserStar } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { AUTO_APPROVE_DOMAINS_MAX, HUB_NAME_MAX_LENGTH, type HubSettings, type UpdateHubSettingsRequest } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDateTime } from '../../../shared/format/dates';
import { hubInfoQuery } from '../../../shared/hub/hub-info';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { adminApi } from '../api/admin-api';

type Values = Pick<HubSettings, 'hubName' | 'registrationOpen' | 'membersMayCreateNetworks' | 'autoApproveDomains'>;
const FIELDS = ['hubName', 'registrationOpen', 'membersMayCreateNetworks', 'autoApproveDomains'] as const;
// The server decides (and says why); this only catches typing slips before sending.
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const valuesOf = (settings: HubSettings): Values => ({
  hubName: settings.hubName,
  registrationOpen: settings.registrationOpen,
  membersMayCreateNetworks: settings.membersMayCreateNetworks,
  autoApproveDomains: settings.autoApproveDomains,
});

/** Only what changed, so that the audit log records exactly what the admin meant to change. */
export function changesBetween(before: Values, after: Values): UpdateHubSettingsRequest {
  const changes: UpdateHubSettingsRequest = {};
  if (after.hubName.trim() !== before.hubName) changes.hubName = after.hubName.trim();
  if (after.registrationOpen !== before.registrationOpen) changes.registrationOpen = after.registrationOpen;
  if (after.membersMayCreateNetworks !== before.membersMayCreateNetworks) changes.membersMayCreateNetworks = after.membersMayCreateNetworks;
  if (JSON.stringify(after.autoApproveDomains) !== JSON.stringify(before.autoApproveDomains)) changes.autoApproveDomains = after.autoApproveDomains;
  return changes;
}

/** D2: the hub settings, for platform admins. */
export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const viewer = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const settings = useQuery({ queryKey: ['admin-settings'], queryFn: adminApi.settings });

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { hubName: '', registrationOpen: true, membersMayCreateNetworks: false, autoApproveDomains: [] },
    validate: {
      hubName: (value) => (value.trim().length < 1 || value.trim().length > HUB_NAME_MAX_LENGTH ? t('hubSettings.hubNameInvalid', { max: HUB_NAME_MAX_LENGTH }) : null),
      autoApproveDomains: (domains) => {
        const wrong = domains.filter((domain) => !DOMAIN.test(domain));
        return wrong.length ? t('hubSettings.domainsInvalid', { domains: wrong.join(', ') }) : null;
      },
    },
  });
  const { setValues, resetDirty } = form;

  useEffect(() => {
    if (!settings.data) return;
    setValues(valuesOf(settings.data));
    resetDirty(valuesOf(settings.data));
  }, [settings.data, setValues, resetDirty]);

  const save = useMutation({
    mutationFn: (changes: UpdateHubSettingsRequest) => adminApi.updateSettings(changes),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['admin-settings'], saved);
      queryClient.setQueryData(hubInfoQuery.queryKey, { hubName: saved.hubName, registrationOpen: saved.registrationOpen });
      notifications.show({ color: 'teal', message: t('hubSettings.saved') });
      await queryClient.invalidateQueries({ queryKey: ['admin-dashboard'] });
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) form.setErrors(error.formErrors(FIELDS));
      notifications.show({ color: 'red', title: t('hubSettings.failed'), message: errorMessage(error) });
    },
  });

  const submit = form.onSubmit((values) => {
    if (!settings.data) return;
    const changes = changesBetween(valuesOf(settings.data), values);
    if (Object.keys(changes).length) save.mutate(changes);
  });

  const updated = settings.data?.updatedAt
    ? t('hubSettings.lastChanged', { who: settings.data.updatedBy?.displayName ?? t('hubSettings.someone'), when: formatDateTime(settings.data.updatedAt, i18n.language, viewer.timeZone) })
    : t('hubSettings.neverChanged');

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('hubSettings.title')}
        description={t('hubSettings.intro')}
        actions={
          <Button component={Link} to="/admin/dashboard" variant="light" size="xs" leftSection={<IconChartBar size={14} aria-hidden />}>
            {t('dashboard.nav')}
          </Button>
        }
      />
      <ErrorAlert error={settings.error} />
      {settings.isPending ? <Skeleton h={420} /> : null}
      {settings.data ? (
        <form onSubmit={submit} noValidate>
          <Paper withBorder p="lg">
            <Stack gap="lg">
              <Stack gap="md">
                <Title order={2} fz="lg">
                  {t('hubSettings.identity')}
                </Title>
                <TextInput
                  label={t('hubSettings.hubName')}
                  description={t('hubSettings.hubNameHint')}
                  required
                  maxLength={HUB_NAME_MAX_LENGTH}
                  maw={480}
                  {...form.getInputProps('hubName')}
                />
              </Stack>
              <Divider />
              <Stack gap="md">
                <Title order={2} fz="lg">
                  {t('hubSettings.access')}
                </Title>
                <Switch
                  label={t('hubSettings.registrationOpen')}
                  description={t('hubSettings.registrationOpenHint')}
                  {...form.getInputProps('registrationOpen', { type: 'checkbox' })}
                />
                <TagsInput
                  label={t('hubSettings.domains')}
                  description={t('hubSettings.domainsHint')}
                  placeholder={t('hubSettings.domainsPlaceholder')}
                  maxTags={AUTO_APPROVE_DOMAINS_MAX}
                  splitChars={[',', ' ', ';']}
                  clearable
                  maw={640}
                  {...form.getInputProps('autoApproveDomains')}
                  onChange={(domains) => form.setFieldValue('autoApproveDomains', [...new Set(domains.map((d) => d.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean))])}
                />
              </Stack>
              <Divider />
              <Stack gap="md">
                <Title order={2} fz="lg">
                  {t('hubSettings.networks')}
                </Title>
                <Switch
                  label={t('hubSettings.membersMayCreateNetworks')}
                  description={t('hubSettings.membersMayCreateNetworksHint')}
                  {...form.getInputProps('membersMayCreateNetworks', { type: 'checkbox' })}
                />
              </Stack>
              <Divider />
              <Group justify="space-between" gap="md">
                <Text size="sm" c="dimmed">
                  {updated}
                </Text>
                <Group gap="sm">
                  <Button variant="default" disabled={!form.isDirty() || save.isPending} onClick={() => form.setValues(valuesOf(settings.data))}>
                    {t('hubSettings.discard')}
                  </Button>
                  <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                    {t('hubSettings.save')}
                  </Button>
                </Group>
              </Group>
            </Stack>
          </Paper>
        </form>
      ) : null}
      <Paper withBorder p="lg">
        <Group align="flex-start" wrap="nowrap" gap="md">
          <ThemeIcon size={40} radius="md" variant="light">
            <IconUserStar size={22} aria-hidden />
          </ThemeIcon>
          <Stack gap={6}>
            <Title order={2} fz="lg">
              {t('hubSettings.focalPoints')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('hubSettings.focalPointsBody')}
            </Text>
            <Anchor component={Link} to="/admin/users" fw={600} size="sm">
              <Group gap={4}>
                {t('hubSettings.focalPointsLink')}
                <IconArrowRight size={16} aria-hidden />
              </Group>
            </Anchor>
          </Stack>
        </Group>
      </Paper>
    </Stack>
  );
}
