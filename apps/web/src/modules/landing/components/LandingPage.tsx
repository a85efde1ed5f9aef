import { Button, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBooks, IconCalendarEvent, IconLock, IconMessages, IconShieldCheck, IconWorld } from '@tabler/icons-react';
import { Link, Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../shared/auth/AuthProvider';
import { usePageTitle } from '../../../shared/ui/usePageTitle';
import { homeFor } from '../../../app/guards';
import { PublicBriefingsSection } from '../../public-events/components/PublicBriefingsSection';
import classes from './LandingPage.module.css';
import { useRegistrationOpen } from '../../../shared/hub/hub-info';

const FEATURES = [
  { key: 'networks', icon: IconWorld },
  { key: 'discussions', icon: IconMessages },
  { key: 'briefings', icon: IconCalendarEvent },
  { key: 'library', icon: IconBooks },
  { key: 'vetted', icon: IconShieldCheck },
  { key: 'privacy', icon: IconLock },
] as const;

export function LandingPage() {
  const { t } = useTranslation();
  const registrationOpen = useRegistrationOpen();
  const { user } = useAuth();
  usePageTitle(t('landing.title'));
  if (user) return <Navigate to={homeFor(user)} replace />;

  return (
    <Stack gap={56} pb="xl">
      <section className={classes.hero} aria-labelledby="landing-title">
        <Stack gap="lg" maw={720}>
          <Text tt="uppercase" fw={700} fz="sm" c="praxis.1" lts={1}>
            {t('landing.eyebrow')}
          </Text>
          <Title order={1} id="landing-title" className={classes.heroTitle}>
            {t('landing.headline')}
          </Title>
          <Text fz="lg" c="praxis.0" maw={620}>
            {t('landing.lead')}
          </Text>
          <Group gap="sm" mt="sm">
            {registrationOpen ? (
              <Button component={Link} to="/register" size="md" color="white" c="praxis.9">
                {t('nav.requestAccess')}
              </Button>
            ) : null}
            <Button component={Link} to="/sign-in" size="md" variant="outline" color="white">
              {t('nav.signIn')}
            </Button>
          </Group>
        </Stack>
      </section>

      <PublicBriefingsSection />

      <section aria-labelledby="landing-features">
        <Title order={2} id="landing-features" fz={26} mb="lg">
          {t('landing.featuresTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
          {FEATURES.map(({ key, icon: Icon }) => (
            <Paper key={key} withBorder p="lg">
              <ThemeIcon size={44} radius="md" variant="light" mb="md">
                <Icon size={24} aria-hidden />
              </ThemeIcon>
              <Title order={3} fz="lg" mb={6}>
                {t(`landing.features.${key}.title`)}
              </Title>
              <Text c="dimmed" fz="sm">
                {t(`landing.features.${key}.body`)}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      </section>

      <section aria-labelledby="landing-join">
        <Paper withBorder p={{ base: 'lg', sm: 'xl' }}>
          <Group justify="space-between" align="center" gap="lg">
            <Stack gap={6} maw={640}>
              <Title order={2} id="landing-join" fz={22}>
                {t('landing.joinTitle')}
              </Title>
              <Text c="dimmed">{t('landing.joinBody')}</Text>
            </Stack>
            {registrationOpen ? (
              <Button component={Link} to="/register" size="md">
                {t('nav.requestAccess')}
              </Button>
            ) : null}
          </Group>
        </Paper>
      </section>
    </Stack>
  );
}
