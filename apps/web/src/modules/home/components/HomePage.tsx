import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconInbox, IconUserCircle, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { PageHeader } from '../../../shared/ui/PageHeader';

/**
 * A member's start page. Later features (networks, upcoming briefings, recent threads) add
 * their own cards to the grid below.
 */
export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const profileIncomplete = !user.bio || user.expertise.length === 0 || user.languages.length === 0;

  const cards = [
    { key: 'directory', icon: IconUsers, to: '/members', show: true },
    { key: 'profile', icon: IconUserCircle, to: '/profile', show: true },
    { key: 'review', icon: IconInbox, to: '/admin/access-requests', show: user.isAdmin || Boolean(user.focalPointFor) },
  ].filter((card) => card.show);

  return (
    <Stack gap="lg">
      <PageHeader title={t('home.title', { name: user.displayName })} description={t('home.intro')} />
      {profileIncomplete ? (
        <Paper withBorder p="lg" bg="praxis.0">
          <Group justify="space-between" gap="md">
            <Stack gap={4}>
              <Title order={2} fz="lg">
                {t('home.completeProfileTitle')}
              </Title>
              <Text c="dimmed" fz="sm">
                {t('home.completeProfileBody')}
              </Text>
            </Stack>
            <Button component={Link} to="/profile" variant="white">
              {t('home.completeProfileAction')}
            </Button>
          </Group>
        </Paper>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        {cards.map(({ key, icon: Icon, to }) => (
          <Paper key={key} withBorder p="lg">
            <Stack gap="sm" h="100%">
              <ThemeIcon size={40} radius="md" variant="light">
                <Icon size={22} aria-hidden />
              </ThemeIcon>
              <Title order={2} fz="lg">
                {t(`home.cards.${key}.title`)}
              </Title>
              <Text c="dimmed" fz="sm" style={{ flex: 1 }}>
                {t(`home.cards.${key}.body`)}
              </Text>
              <Anchor component={Link} to={to} fw={600}>
                <Group gap={4}>
                  {t(`home.cards.${key}.action`)}
                  <IconArrowRight size={16} aria-hidden />
                </Group>
              </Anchor>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
