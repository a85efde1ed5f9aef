import { mergeThemeOverrides, MantineProvider, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router-dom';
import { AuthProvider } from '../shared/auth/AuthProvider';
import { ApiRequestError } from '../shared/api/errors';
import { router } from './routes';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not fix itself; retry only network and server errors.
      retry: (count, error) => count < 2 && !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500),
    },
  },
});

export function App() {
  const { t } = useTranslation();
  // Every toast's close button is named, in the reader's language (WCAG 4.1.2).
  const localisedTheme = useMemo(
    () => mergeThemeOverrides(theme, { components: { Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.closeNotification') } } }) } }),
    [t],
  );
  return (
    <MantineProvider theme={localisedTheme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
