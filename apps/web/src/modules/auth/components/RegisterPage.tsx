import { Alert, Anchor, Button, FileInput, Grid, Group, List, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFileTypePdf, IconLock, IconMailCheck, IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_TYPES } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { countryOptions } from '../../../shared/format/countries';
import { useHubInfo } from '../../../shared/hub/hub-info';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { usePageTitle } from '../../../shared/ui/usePageTitle';
import { authApi } from '../api/auth-api';
import { passwordProblem, registerBody, registerProblems, type Problem, type RegisterValues } from '../validation';
import { NewPasswordFields } from './NewPasswordFields';

const FIELDS = ['email', 'password', 'displayName', 'organisation', 'organisationType', 'country', 'jobTitle', 'reason', 'nominationLetter'] as const;

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('register.title'));
  const [registeredEmail, setRegisteredEmail] = useState<string | null>(null);
  const hub = useHubInfo();
  const say = (problem: Problem) => (problem ? t(problem.key, problem.values) : null);

  const form = useForm<RegisterValues>({
    mode: 'controlled',
    initialValues: {
      email: '',
      password: '',
      confirmPassword: '',
      displayName: '',
      organisation: '',
      organisationType: '' as RegisterValues['organisationType'],
      country: '',
      jobTitle: '',
      reason: '',
      nominationLetter: null,
    },
    validate: (values) => Object.fromEntries(Object.entries(registerProblems(values)).map(([field, problem]) => [field, say(problem)])),
    validateInputOnBlur: true,
  });

  const mutation = useMutation({
    mutationFn: (values: RegisterValues) => authApi.register(registerBody(values)),
    onSuccess: (_result, values) => setRegisteredEmail(values.email.trim()),
    onError: (error) => {
      if (error instanceof ApiRequestError) form.setErrors(error.formErrors(FIELDS));
      // Registration may have closed since the page loaded: the page then says so instead of the form.
      if (error instanceof ApiRequestError && error.status === 403) void hub.refetch();
    },
  });

  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const organisationTypes = ORGANISATION_TYPES.map((value) => ({ value, label: t(`organisationTypes.${value}`) }));
  const unplacedError =
    mutation.error instanceof ApiRequestError && Object.keys(mutation.error.formErrors(FIELDS)).length > 0 ? null : mutation.error;

  if (registeredEmail) {
    return (
      <Paper withBorder shadow="xs" p="xl" maw={560} mx="auto" mt={40}>
        <Stack align="flex-start" gap="md">
          <ThemeIcon size={48} radius="xl" variant="light">
            <IconMailCheck size={28} aria-hidden />
          </ThemeIcon>
          <Title order={1} fz={26}>
            {t('register.done.title')}
          </Title>
          <Text role="status">{t('register.done.body', { email: registeredEmail })}</Text>
          <List spacing="xs" type="ordered">
            <List.Item>{t('register.done.step1')}</List.Item>
            <List.Item>{t('register.done.step2')}</List.Item>
            <List.Item>{t('register.done.step3')}</List.Item>
          </List>
          <Button component={Link} to="/sign-in">
            {t('register.done.signIn')}
          </Button>
        </Stack>
      </Paper>
    );
  }

  if (hub.data && !hub.data.registrationOpen) {
    return (
      <Paper withBorder shadow="xs" p="xl" maw={560} mx="auto" mt={40}>
        <Stack align="flex-start" gap="md">
          <ThemeIcon size={48} radius="xl" variant="light" color="gray">
            <IconLock size={28} aria-hidden />
          </ThemeIcon>
          <Title order={1} fz={26}>
            {t('hub.registrationClosedTitle')}
          </Title>
          <Text>{t('hub.registrationClosedBody', { hub: hub.data.hubName })}</Text>
          <Button component={Link} to="/sign-in">
            {t('hub.registrationClosedSignIn')}
          </Button>
        </Stack>
      </Paper>
    );
  }

  const personalOk = passwordProblem(form.values.password, form.values)?.key !== 'validation.passwordPersonal';

  return (
    <Grid gap={{ base: 'lg', md: 40 }} mt={{ base: 0, sm: 'md' }}>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md" pos={{ md: 'sticky' } as never} top={96}>
          <Title order={1} fz={{ base: 26, sm: 30 }}>
            {t('register.title')}
          </Title>
          <Text c="dimmed">{t('register.intro')}</Text>
          <Alert variant="light" color="praxis" icon={<IconShieldCheck aria-hidden />} title={t('register.vettingTitle')}>
            {t('register.vettingBody')}
          </Alert>
          <Text size="sm">
            {t('register.haveAccount')}{' '}
            <Anchor component={Link} to="/sign-in">
              {t('nav.signIn')}
            </Anchor>
          </Text>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Paper withBorder shadow="xs" p={{ base: 'lg', sm: 'xl' }}>
          <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))} aria-describedby="register-required-note">
            <Stack gap="xl">
              <Text size="sm" c="dimmed" id="register-required-note">
                {t('register.requiredNote')}
              </Text>
              <ErrorAlert error={unplacedError} title={t('register.failed')} />

              <Stack gap="md" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
                <Title order={2} fz="lg" component="legend" mb="xs">
                  {t('register.sections.account')}
                </Title>
                <TextInput label={t('fields.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NewPasswordFields
                    label={t('fields.password')}
                    password={form.values.password}
                    personal={personalOk}
                    passwordProps={form.getInputProps('password')}
                    confirmProps={form.getInputProps('confirmPassword')}
                  />
                </SimpleGrid>
              </Stack>

              <Stack gap="md" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
                <Title order={2} fz="lg" component="legend" mb="xs">
                  {t('register.sections.you')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('fields.displayName')} autoComplete="name" required {...form.getInputProps('displayName')} />
                  <TextInput label={t('fields.jobTitle')} autoComplete="organization-title" required {...form.getInputProps('jobTitle')} />
                </SimpleGrid>
                <TextInput label={t('fields.organisation')} autoComplete="organization" required {...form.getInputProps('organisation')} />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label={t('fields.organisationType')}
                    placeholder={t('common.choose')}
                    data={organisationTypes}
                    required
                    allowDeselect={false}
                    {...form.getInputProps('organisationType')}
                  />
                  <Select
                    label={t('fields.country')}
                    placeholder={t('common.searchChoose')}
                    data={countries}
                    searchable
                    required
                    nothingFoundMessage={t('common.nothingFound')}
                    autoComplete="off"
                    {...form.getInputProps('country')}
                  />
                </SimpleGrid>
              </Stack>

              <Stack gap="md" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
                <Title order={2} fz="lg" component="legend" mb="xs">
                  {t('register.sections.access')}
                </Title>
                <Textarea
                  label={t('fields.reason')}
                  description={t('register.reasonHint')}
                  autosize
                  minRows={4}
                  maxRows={10}
                  required
                  {...form.getInputProps('reason')}
                />
                <FileInput
                  label={t('fields.nominationLetter')}
                  description={t('register.letterHint')}
                  placeholder={t('register.letterPlaceholder')}
                  accept="application/pdf,.pdf"
                  clearable
                  leftSection={<IconFileTypePdf size={18} aria-hidden />}
                  {...form.getInputProps('nominationLetter')}
                />
              </Stack>

              <Group justify="flex-end">
                <Button type="submit" size="md" loading={mutation.isPending}>
                  {t('register.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
