import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CurrentUser } from '@praxis/contracts';
import { useAuth } from '../shared/auth/AuthProvider';

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="60vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** Where a signed-in person belongs: members at home, applicants on their status page. */
export function homeFor(user: CurrentUser): string {
  return user.status === 'active' ? '/home' : '/status';
}

/**
 * A route only for signed-in people, optionally narrowed by `allow`. Visitors go to sign-in and
 * come back afterwards; a signed-in person who may not see the page goes to their own home.
 */
export function RequireUser({ allow }: { allow?: (user: CurrentUser) => boolean }) {
  const { status, user } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageLoader />;
  if (!user) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (allow && !allow(user)) return <Navigate to={homeFor(user)} replace />;
  return <Outlet />;
}

export const isActiveMember = (u: CurrentUser) => u.status === 'active';
export const isAdmin = (u: CurrentUser) => u.status === 'active' && u.isAdmin;
export const isReviewer = (u: CurrentUser) => u.status === 'active' && (u.isAdmin || Boolean(u.focalPointFor));

/** Pages for visitors (sign-in, register): a signed-in person is sent to their home. */
export function VisitorOnly() {
  const { status, user } = useAuth();
  if (status === 'loading') return <FullPageLoader />;
  if (user) return <Navigate to={homeFor(user)} replace />;
  return <Outlet />;
}
