import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { authApi } from '../api/auth-api';
import { passwordProblem } from '../validation';
import { AuthCard } from './AuthCard';
import { PasswordRules } from './PasswordRules';

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
            <div>
              <PasswordInput
                label={t('fields.newPassword')}
                description={t('passwordRules.summary', { min: PASSWORD_MIN_LENGTH })}
                autoComplete="new-password"
                required
                {...form.getInputProps('password')}
              />
              <PasswordRules password={form.values.password} personal />
            </div>
            <PasswordInput label={t('fields.confirmPassword')} autoComplete="new-password" required {...form.getInputProps('confirmPassword')} />
            <Button type="submit" fullWidth loading={mutation.isPending}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
