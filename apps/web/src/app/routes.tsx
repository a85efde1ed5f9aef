import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout';
import { isActiveMember, isAdmin, isReviewer, RequireUser, VisitorOnly } from './guards';
import { NotFoundPage } from './NotFoundPage';
import { LandingPage } from '../modules/landing/components/LandingPage';
import { HomePage } from '../modules/home/components/HomePage';
import { RegisterPage } from '../modules/auth/components/RegisterPage';
import { SignInPage } from '../modules/auth/components/SignInPage';
import { VerifyEmailPage } from '../modules/auth/components/VerifyEmailPage';
import { ForgotPasswordPage } from '../modules/auth/components/ForgotPasswordPage';
import { ResetPasswordPage } from '../modules/auth/components/ResetPasswordPage';
import { StatusPage } from '../modules/auth/components/StatusPage';
import { ProfilePage } from '../modules/profile/components/ProfilePage';
import { SessionsPage } from '../modules/profile/components/SessionsPage';
import { DirectoryPage } from '../modules/members/components/DirectoryPage';
import { MemberPage } from '../modules/members/components/MemberPage';
import { AccessRequestsPage } from '../modules/admin/components/AccessRequestsPage';
import { UsersPage } from '../modules/admin/components/UsersPage';
import { SettingsPage } from '../modules/admin/components/SettingsPage';
import { NetworksPage } from '../modules/networks/components/NetworksPage';
import { NetworkHomePage } from '../modules/networks/components/NetworkHomePage';
import { NetworkMembersPage } from '../modules/networks/components/NetworkMembersPage';
import { ThreadListPage } from '../modules/forum/components/ThreadListPage';
import { NewThreadPage } from '../modules/forum/components/NewThreadPage';
import { ThreadPage } from '../modules/forum/components/ThreadPage';
import { EventsCalendarPage } from '../modules/events/components/EventsCalendarPage';
import { EventPage } from '../modules/events/components/EventPage';
import { EventLivePage } from '../modules/events/components/EventLivePage';
import { EventManagePage } from '../modules/events/components/EventManagePage';
import { EventFormPage } from '../modules/events/components/EventFormPage';
import { LibraryPage, NetworkLibraryPage } from '../modules/library/components/LibraryPage';
import { ResourcePage } from '../modules/library/components/ResourcePage';
import { ResourceFormPage } from '../modules/library/components/ResourceFormPage';
import { SearchPage } from '../modules/search/components/SearchPage';

import { NotificationsPage } from '../modules/notifications/components/NotificationsPage';
import { NotificationSettingsPage } from '../modules/notifications/components/NotificationSettingsPage';
import { UnsubscribePage } from '../modules/notifications/components/UnsubscribePage';
import { PublicEventPage } from '../modules/public-events/components/PublicEventPage';
import { NetworkModerationPage } from '../modules/moderation/components/NetworkModerationPage';
import { HubReportsPage } from '../modules/moderation/components/HubReportsPage';
/**
 * Every page of the app. To add one: put the component in src/modules/<feature>/components, add a
 * route in the right guard below, and (for the main navigation) an entry in navigation.ts.
 */
export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      // Anyone, signed in or not.
      { path: '/', element: <LandingPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/briefings/:id', element: <PublicEventPage /> },
      { path: '/unsubscribe', element: <UnsubscribePage /> },

      // Visitors only.
      {
        element: <VisitorOnly />,
        children: [
          { path: '/register', element: <RegisterPage /> },
          { path: '/sign-in', element: <SignInPage /> },
          { path: '/forgot-password', element: <ForgotPasswordPage /> },
        ],
      },

      // Anyone signed in, applicants included (SPEC: applicants see their status and edit their profile).
      {
        element: <RequireUser />,
        children: [
          { path: '/status', element: <StatusPage /> },
          { path: '/profile', element: <ProfilePage /> },
          { path: '/sessions', element: <SessionsPage /> },
          { path: '/settings/notifications', element: <NotificationSettingsPage /> },
        ],
      },

      // Members.
      {
        element: <RequireUser allow={isActiveMember} />,
        children: [
          { path: '/home', element: <HomePage /> },
          { path: '/members', element: <DirectoryPage /> },
          { path: '/members/:id', element: <MemberPage /> },
          { path: '/notifications', element: <NotificationsPage /> },
          // Networks, events and library routes go here.
          { path: '/networks', element: <NetworksPage /> },
          { path: '/networks/:slug', element: <NetworkHomePage /> },
          { path: '/networks/:slug/members', element: <NetworkMembersPage /> },
          { path: '/networks/:slug/moderation', element: <NetworkModerationPage /> },
          { path: '/networks/:slug/threads', element: <ThreadListPage /> },
          { path: '/networks/:slug/new-thread', element: <NewThreadPage /> },
          { path: '/threads/:id', element: <ThreadPage /> },
          { path: '/events', element: <EventsCalendarPage /> },
          { path: '/events/new', element: <EventFormPage /> },
          { path: '/events/:id', element: <EventPage /> },
          { path: '/events/:id/live', element: <EventLivePage /> },
          { path: '/events/:id/manage', element: <EventManagePage /> },
          { path: '/events/:id/edit', element: <EventFormPage /> },
          { path: '/library', element: <LibraryPage /> },
          { path: '/networks/:slug/library', element: <NetworkLibraryPage /> },
          { path: '/resources/new', element: <ResourceFormPage /> },
          { path: '/resources/:id', element: <ResourcePage /> },
          { path: '/resources/:id/edit', element: <ResourceFormPage /> },
          { path: '/search', element: <SearchPage /> },
        ],
      },

      // Admins, and organisation focal points for the access-request queue.
      {
        element: <RequireUser allow={isReviewer} />,
        children: [{ path: '/admin/access-requests', element: <AccessRequestsPage /> }],
      },
      {
        element: <RequireUser allow={isAdmin} />,
        children: [
          // Loaded on demand: the chart library is only needed here, not in every member's first download.
          { path: '/admin/dashboard', lazy: async () => ({ Component: (await import('../modules/admin/components/DashboardPage')).DashboardPage }) },
          { path: '/admin/users', element: <UsersPage /> },
          { path: '/admin/settings', element: <SettingsPage /> },
          { path: '/admin/reports', element: <HubReportsPage /> },
        ],
      },

      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
