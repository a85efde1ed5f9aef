import { Alert, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { authApi } from '../api/auth-api';
import { passwordProblem } from '../validation';
import { AuthCard } from './AuthCard';
import { NewPasswordFields } from './NewPasswordFields';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm({
    initialValues: { password: '', confirmPassword: '' },
    validate: {
      password: (value) => {
        const problem = passwordProblem(value);
        return problem ? t(problem.key, problem.values) : null;
      },
      confirmPassword: (value, values) => (value === values.password ? null : t('validation.passwordMismatch')),
    },
  });
  const mutation = useMutation({
    mutationFn: (password: string) => authApi.confirmPasswordReset({ token, password }),
    onError: (error) => {
      if (error instanceof ApiRequestError) form.setErrors(error.formErrors(['password']));
    },
  });
  const fieldError = mutation.error instanceof ApiRequestError && mutation.error.fieldErrors.password;

  return (
    <AuthCard title={t('reset.title')} description={t('reset.intro')}>
      {!token ? (
        <Alert color="red" variant="light" role="alert">
          {t('reset.missingToken')}
        </Alert>
      ) : mutation.isSuccess ? (
        <Stack>
          <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('reset.doneTitle')} role="status">
            {t('reset.doneBody')}
          </Alert>
          <Button component={Link} to="/sign-in">
            {t('nav.signIn')}
          </Button>
        </Stack>
      ) : (
        <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values.password))}>
          <Stack gap="md">
            {fieldError ? null : <ErrorAlert error={mutation.error} />}
            <NewPasswordFields
              label={t('fields.newPassword')}
              password={form.values.password}
              personal
              passwordProps={form.getInputProps('password')}
              confirmProps={form.getInputProps('confirmPassword')}
            />
            <Button type="submit" fullWidth loading={mutation.isPending}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
