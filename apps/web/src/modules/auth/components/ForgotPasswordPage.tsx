import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { authApi } from '../api/auth-api';
import { emailProblem } from '../validation';
import { AuthCard } from './AuthCard';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { email: '' },
    validate: {
      email: (value) => {
        const problem = emailProblem(value);
        return problem ? t(problem.key) : null;
      },
    },
  });
  const mutation = useMutation({ mutationFn: (email: string) => authApi.requestPasswordReset(email.trim()) });

  return (
    <AuthCard title={t('forgot.title')} description={t('forgot.intro')}>
      {mutation.isSuccess ? (
        // The same answer whether or not the address has an account (SPEC A5).
        <Alert color="teal" variant="light" icon={<IconMailForward aria-hidden />} title={t('forgot.sentTitle')} role="status">
          {t('forgot.sentBody')}
        </Alert>
      ) : (
        <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values.email))}>
          <Stack gap="md">
            <ErrorAlert error={mutation.error} />
            <TextInput label={t('fields.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <Button type="submit" fullWidth loading={mutation.isPending}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('forgot.back')}
      </Anchor>
    </AuthCard>
  );
}
