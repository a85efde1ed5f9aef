import { AppShell, Box, Burger, Button, Container, Divider, Group, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../shared/auth/AuthProvider';
import { useHubName, useRegistrationOpen } from '../../shared/hub/hub-info';
import { accountNav, adminNav, mainNav, type NavItem } from '../navigation';
import { homeFor, isActiveMember } from '../guards';
import { NotificationBell } from '../../modules/notifications/components/NotificationBell';
import { SearchBox } from '../../modules/search/components/SearchBox';
import { Logo } from './Logo';
import { LanguageMenu } from './LanguageMenu';
import { UserMenu } from './UserMenu';
import { SyncIndicator } from './SyncIndicator';
import classes from './AppLayout.module.css';

export function AppLayout() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const hubName = useHubName();
  const registrationOpen = useRegistrationOpen();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side navigation, move focus to the new page so screen readers announce it and
  // keyboard users start at the top, as they would after a full page load.
  useEffect(() => {
    close();
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [location.pathname, close]);

  const signedIn = Boolean(user);
  const visible = (items: NavItem[]) => (user ? items.filter((item) => item.visible(user)) : []);
  const adminItems = visible(adminNav);

  const renderItems = (items: NavItem[]) =>
    items.map((item) => (
      <NavLink
        key={item.to}
        component={RouterNavLink}
        to={item.to}
        label={t(item.label)}
        leftSection={<item.icon size={18} stroke={1.7} aria-hidden />}
        active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
        className={classes.navLink}
      />
    ));

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={signedIn ? { width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding={0}
    >
      <a href="#main" className={classes.skipLink}>
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {signedIn ? (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggleMenu')} />
            ) : null}
            <UnstyledButton component={Link} to={user ? homeFor(user) : '/'} aria-label={t('nav.homeLink', { name: hubName })} className={classes.brand}>
              <Logo />
            </UnstyledButton>
          </Group>
          <Group gap={6} wrap="nowrap">
            {signedIn ? (
              <>
                {user && isActiveMember(user) ? <SearchBox /> : null}
                <SyncIndicator />
                {user && isActiveMember(user) ? <NotificationBell /> : null}
                <UserMenu />
              </>
            ) : (
              <>
                <LanguageMenu />
                <Button component={Link} to="/sign-in" variant="subtle" px={{ base: 'xs', sm: 'md' }}>
                  {t('nav.signIn')}
                </Button>
                {/* On phones the pages themselves offer "Request access"; the header keeps to what fits. */}
                {registrationOpen ? (
                  <Button component={Link} to="/register" visibleFrom="sm">
                    {t('nav.requestAccess')}
                  </Button>
                ) : null}
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>

      {signedIn ? (
        <AppShell.Navbar p="sm" aria-label={t('nav.label')} className={classes.navbar}>
          <AppShell.Section grow component={ScrollArea}>
            <nav aria-label={t('nav.main')}>{renderItems(visible(mainNav))}</nav>
            {adminItems.length ? (
              <>
                <Divider my="sm" />
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4} id="nav-admin">
                  {t('nav.administration')}
                </Text>
                <nav aria-labelledby="nav-admin">{renderItems(adminItems)}</nav>
              </>
            ) : null}
          </AppShell.Section>
          <AppShell.Section>
            <Divider my="sm" />
            <nav aria-label={t('nav.account')}>{renderItems(visible(accountNav))}</nav>
          </AppShell.Section>
        </AppShell.Navbar>
      ) : null}

      <AppShell.Main className={classes.main} id="main" ref={main} tabIndex={-1}>
        <Box className={classes.mainInner}>
          <Container size={signedIn ? 'lg' : 'xl'} py={{ base: 'lg', sm: 'xl' }} px={{ base: 'md', sm: 'xl' }}>
            <Outlet />
          </Container>
        </Box>
        <Box component="footer" className={classes.footer}>
          <Container size={signedIn ? 'lg' : 'xl'} px={{ base: 'md', sm: 'xl' }}>
            <Text size="sm" c="dimmed">
              {t('footer.text')}
            </Text>
          </Container>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
