import { Alert, Anchor, Badge, Button, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconClockHour4, IconMailExclamation, IconBan, IconCircleX } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDate } from '../../../shared/format/dates';
import { PageHeader } from '../../../shared/ui/PageHeader';

/** An applicant's own view of their request (SPEC roles: applicants see their status, nothing else). */
export function StatusPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();

  const icon = {
    pending: <IconClockHour4 size={28} aria-hidden />,
    active: <IconCircleCheck size={28} aria-hidden />,
    rejected: <IconCircleX size={28} aria-hidden />,
    suspended: <IconBan size={28} aria-hidden />,
  }[user.status];
  const color = { pending: 'orange', active: 'teal', rejected: 'red', suspended: 'gray' }[user.status];

  return (
    <Stack gap="lg" maw={760}>
      <PageHeader title={t('status.title')} description={t('status.intro', { date: formatDate(user.createdAt, i18n.language, user.timeZone) })} />
      <Paper withBorder p="xl">
        <Stack gap="md">
          <Group gap="md" wrap="nowrap" align="flex-start">
            <ThemeIcon size={52} radius="xl" variant="light" color={color}>
              {icon}
            </ThemeIcon>
            <Stack gap={6}>
              <Group gap="sm">
                <Title order={2} fz="xl">
                  {t(`status.${user.status}.title`)}
                </Title>
                <Badge color={color} variant="light">
                  {t(`userStatus.${user.status}`)}
                </Badge>
              </Group>
              <Text>{t(`status.${user.status}.body`)}</Text>
            </Stack>
          </Group>
          {user.status === 'rejected' && user.rejectionReason ? (
            <Alert color="red" variant="light" title={t('status.reason')}>
              {user.rejectionReason}
            </Alert>
          ) : null}
          {user.status === 'active' ? (
            <Button component={Link} to="/home" w="fit-content">
              {t('status.goHome')}
            </Button>
          ) : null}
        </Stack>
      </Paper>
      {!user.emailVerified ? (
        <Alert color="orange" variant="light" icon={<IconMailExclamation aria-hidden />} title={t('status.verifyTitle')}>
          {t('status.verifyBody', { email: user.email })}
        </Alert>
      ) : null}
      {user.status === 'pending' ? (
        <Paper withBorder p="xl">
          <Title order={2} fz="lg" mb="sm">
            {t('status.meanwhile')}
          </Title>
          <List spacing="xs">
            <List.Item>
              <Anchor component={Link} to="/profile">
                {t('status.completeProfile')}
              </Anchor>
            </List.Item>
            <List.Item>{t('status.watchEmail')}</List.Item>
          </List>
        </Paper>
      ) : null}
    </Stack>
  );
}
