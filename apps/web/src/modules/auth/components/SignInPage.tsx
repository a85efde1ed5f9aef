import { Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../shared/auth/AuthProvider';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { homeFor } from '../../../app/guards';
import { emailProblem } from '../validation';
import { AuthCard } from './AuthCard';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => {
        const problem = emailProblem(value);
        return problem ? t(problem.key) : null;
      },
      password: (value) => (value ? null : t('validation.required')),
    },
  });

  const mutation = useMutation({
    mutationFn: (values: { email: string; password: string }) => signIn(values.email.trim(), values.password),
    onSuccess: (user) => {
      // Go back where the person was heading, but never send an applicant to a member page.
      navigate(user.status === 'active' && from ? from : homeFor(user), { replace: true });
    },
  });

  return (
    <AuthCard title={t('signIn.title')} description={t('signIn.intro')}>
      <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))}>
        <Stack gap="md">
          <ErrorAlert error={mutation.error} title={t('signIn.failed')} />
          <TextInput label={t('fields.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label={t('fields.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
          <Group justify="space-between">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('signIn.forgot')}
            </Anchor>
          </Group>
          <Button type="submit" fullWidth size="md" loading={mutation.isPending}>
            {t('signIn.submit')}
          </Button>
          <Text size="sm" ta="center" c="dimmed">
            {t('signIn.noAccount')}{' '}
            <Anchor component={Link} to="/register">
              {t('nav.requestAccess')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
