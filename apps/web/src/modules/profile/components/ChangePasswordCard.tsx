import { Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api/client';
import { ApiRequestError } from '../../../shared/api/errors';
import { useAuth, useCurrentUser } from '../../../shared/auth/AuthProvider';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { realtime } from '../../../realtime/socket';
import { NewPasswordFields } from '../../auth/components/NewPasswordFields';
import { passwordProblem } from '../../auth/validation';
import { profileApi } from '../api/profile-api';

/**
 * A3: a signed-in member changes their password with the current one. The server ends every session
 * and issues this device a new one, which is taken up here so the page (and its live connection) keeps working.
 */
export function ChangePasswordCard() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { setUser } = useAuth();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { currentPassword: '', password: '', confirmPassword: '' },
    validate: {
      currentPassword: (value) => (value ? null : t('validation.required')),
      password: (value) => {
        const problem = passwordProblem(value, { email: user.email, displayName: user.displayName });
        return problem ? t(problem.key, problem.values) : null;
      },
      confirmPassword: (value, values) => (value === values.password ? null : t('validation.passwordMismatch')),
    },
  });
  const change = useMutation({
    mutationFn: (values: { currentPassword: string; password: string }) => profileApi.changePassword(values),
    // The change ends this session too, live connection included: close it first and open it again
    // on the new session, rather than racing the server's cut with a refresh of the old one.
    onMutate: () => realtime.disconnect(),
    onSettled: () => realtime.connect(),
    onSuccess: async (session) => {
      api.acceptToken(session.accessToken);
      setUser(session.user);
      form.reset();
      notifications.show({ color: 'teal', message: t('sessions.passwordChanged') });
      await queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) form.setErrors(error.formErrors(['currentPassword', 'password']));
    },
  });
  const fieldError = change.error instanceof ApiRequestError && (change.error.fieldErrors.currentPassword || change.error.fieldErrors.password);

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="change-password-title">
      <Title order={2} size="h4" id="change-password-title">
        {t('sessions.passwordTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('sessions.passwordIntro')}
      </Text>
      <form noValidate onSubmit={form.onSubmit(({ currentPassword, password }) => change.mutate({ currentPassword, password }))}>
        <Stack gap="md" maw={420}>
          {fieldError ? null : <ErrorAlert error={change.error} />}
          <PasswordInput label={t('sessions.currentPassword')} autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
          <NewPasswordFields
            label={t('fields.newPassword')}
            password={form.values.password}
            personal
            passwordProps={form.getInputProps('password')}
            confirmProps={form.getInputProps('confirmPassword')}
          />
          <div>
            <Button type="submit" loading={change.isPending}>
              {t('sessions.passwordSubmit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
