import { Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconDevices, IconLogout, IconMailCog, IconUserCircle } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../shared/auth/AuthProvider';
import { MemberAvatar } from '../../shared/ui/MemberAvatar';

export function UserMenu() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  if (!user) return null;
  return (
    <Menu position="bottom-end" withinPortal width={220}>
      <Menu.Target>
        {/* Named by its content (the visible name first, WCAG 2.5.3), not by an aria-label. */}
        <UnstyledButton px={6} py={4} style={{ borderRadius: 8 }}>
          <Group gap={8} wrap="nowrap">
            <MemberAvatar url={user.avatarUrl} name={user.displayName} size={34} aria-hidden />
            <Text component="span" size="sm" fw={600} visibleFrom="sm" maw={180} truncate>
              {user.displayName}
            </Text>
            <VisuallyHidden hiddenFrom="sm">{user.displayName}</VisuallyHidden>
            <VisuallyHidden>{t('nav.userMenuSuffix')}</VisuallyHidden>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} aria-hidden />}>
          {t('nav.profile')}
        </Menu.Item>
        <Menu.Item component={Link} to="/sessions" leftSection={<IconDevices size={16} aria-hidden />}>
          {t('nav.sessions')}
        </Menu.Item>
        <Menu.Item component={Link} to="/settings/notifications" leftSection={<IconMailCog size={16} aria-hidden />}>
          {t('notifications.settings.nav')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={async () => {
            await signOut();
            // A full load of the start page: nothing of the session (cache, socket, guarded
            // routes redirecting to sign-in) survives in memory.
            window.location.assign('/');
          }}
        >
          {t('nav.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
