import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../../shared/format/countries';
import { languageName } from '../../../shared/format/languages';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { usePageTitle } from '../../../shared/ui/usePageTitle';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { ReportButton } from '../../moderation/components/ReportButton';
import { membersApi } from '../api/members-api';

export function MemberPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const viewer = useCurrentUser();
  const member = useQuery({ queryKey: ['member', id], queryFn: () => membersApi.get(id) });
  usePageTitle(member.data?.displayName ?? t('member.title'));
  const data = member.data;

  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to="/members" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('member.back')}
        </Group>
      </Anchor>
      <ErrorAlert error={member.error} />
      {member.isPending ? <Skeleton h={200} /> : null}
      {data ? (
        <>
          <Paper withBorder p="xl">
            <Group justify="space-between" align="flex-start" gap="md">
              <Group gap="xl" align="flex-start">
                <MemberAvatar url={data.avatarUrl} name={data.displayName} size={96} radius={96} />
                <Stack gap={4}>
                  <Title order={1} fz={28}>
                    {data.displayName}
                  </Title>
                  <Text c="dimmed">@{data.handle}</Text>
                  <Text fw={500}>
                    {data.jobTitle} · {data.organisation}
                  </Text>
                  <Group gap="xs" mt={4}>
                    <Badge variant="light">{t(`organisationTypes.${data.organisationType}`)}</Badge>
                    <Badge variant="outline" color="gray">
                      {countryName(data.country, i18n.language)}
                    </Badge>
                  </Group>
                </Stack>
              </Group>
              {data.id !== viewer.id ? <ReportButton targetType="user" targetId={data.id} variant="subtle" /> : null}
            </Group>
          </Paper>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <Paper withBorder p="lg">
              <Title order={2} fz="md" mb="xs">
                {t('fields.expertise')}
              </Title>
              {data.expertise.length ? (
                <Group gap={6}>
                  {data.expertise.map((item) => (
                    <Badge key={item} variant="light" color="praxis">
                      {item}
                    </Badge>
                  ))}
                </Group>
              ) : (
                <Text c="dimmed" size="sm">
                  {t('member.none')}
                </Text>
              )}
            </Paper>
            <Paper withBorder p="lg">
              <Title order={2} fz="md" mb="xs">
                {t('fields.languages')}
              </Title>
              <Text size="sm">{data.languages.length ? data.languages.map((code) => languageName(code, i18n.language)).join(', ') : t('member.none')}</Text>
              {data.timeZone ? (
                <Text size="sm" c="dimmed" mt="xs">
                  {t('member.timeZone', { zone: data.timeZone })}
                </Text>
              ) : null}
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="lg">
            <Title order={2} fz="md" mb="xs">
              {t('fields.bio')}
            </Title>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{data.bio || t('member.noBio')}</Text>
          </Paper>
        </>
      ) : null}
    </Stack>
  );
}
