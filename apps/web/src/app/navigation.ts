import { IconAffiliate, IconBooks, IconCalendarEvent, IconHome, IconInbox, IconUserCircle, IconUsers, IconUsersGroup, IconDevices, IconProgressCheck, IconMailCog, IconFlag, IconChartBar, IconSettings, type Icon } from '@tabler/icons-react';
import type { CurrentUser } from '@praxis/contracts';

export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  icon: Icon;
  /** Who sees the link; the route guard in routes.tsx enforces the same. */
  visible: (user: CurrentUser) => boolean;
}

const isMember = (u: CurrentUser) => u.status === 'active';
const isApplicant = (u: CurrentUser) => u.status !== 'active';

/**
 * The main navigation, in order. Networks, Events and Library go between Home and Members:
 * add an entry here and a route in routes.tsx.
 */
export const mainNav: NavItem[] = [
  { to: '/home', label: 'nav.home', icon: IconHome, visible: isMember },
  { to: '/status', label: 'nav.status', icon: IconProgressCheck, visible: isApplicant },
  // Networks, Events and Library slot in here.
  { to: '/networks', label: 'networks.nav', icon: IconAffiliate, visible: isMember },
  { to: '/events', label: 'events.nav', icon: IconCalendarEvent, visible: isMember },
  { to: '/library', label: 'library.nav', icon: IconBooks, visible: isMember },
  { to: '/members', label: 'nav.members', icon: IconUsers, visible: isMember },
];

export const accountNav: NavItem[] = [
  { to: '/profile', label: 'nav.profile', icon: IconUserCircle, visible: () => true },
  { to: '/sessions', label: 'nav.sessions', icon: IconDevices, visible: () => true },
  { to: '/settings/notifications', label: 'notifications.settings.nav', icon: IconMailCog, visible: () => true },
];

export const adminNav: NavItem[] = [
  { to: '/admin/dashboard', label: 'dashboard.nav', icon: IconChartBar, visible: (u) => isMember(u) && u.isAdmin },
  {
    to: '/admin/access-requests',
    label: 'nav.accessRequests',
    icon: IconInbox,
    visible: (u) => isMember(u) && (u.isAdmin || Boolean(u.focalPointFor)),
  },
  { to: '/admin/users', label: 'nav.users', icon: IconUsersGroup, visible: (u) => isMember(u) && u.isAdmin },
  { to: '/admin/reports', label: 'moderation.hub.nav', icon: IconFlag, visible: (u) => isMember(u) && u.isAdmin },
  { to: '/admin/settings', label: 'hubSettings.nav', icon: IconSettings, visible: (u) => isMember(u) && u.isAdmin },
];
