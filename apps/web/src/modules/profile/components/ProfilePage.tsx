import { Button, FileButton, Grid, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { INTERFACE_LANGUAGES, ORGANISATION_TYPES, type CurrentUser, type UpdateProfileRequest } from '@praxis/contracts';
import { useAuth, useCurrentUser } from '../../../shared/auth/AuthProvider';
import { ApiRequestError } from '../../../shared/api/errors';
import { countryOptions } from '../../../shared/format/countries';
import { languageOptions, timeZoneOptions } from '../../../shared/format/languages';
import { LANGUAGE_NAMES } from '../../../shared/i18n';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { profileApi } from '../api/profile-api';

type ProfileValues = Required<Omit<UpdateProfileRequest, 'bio' | 'timeZone'>> & { bio: string; timeZone: string };

const FIELDS = ['displayName', 'organisation', 'organisationType', 'country', 'jobTitle', 'bio', 'languages', 'expertise', 'timeZone', 'locale'];
const AVATAR_TYPES = 'image/png,image/jpeg,image/webp';

function valuesOf(user: CurrentUser): ProfileValues {
  return {
    displayName: user.displayName,
    organisation: user.organisation,
    organisationType: user.organisationType,
    country: user.country,
    jobTitle: user.jobTitle,
    bio: user.bio ?? '',
    languages: user.languages,
    expertise: user.expertise,
    timeZone: user.timeZone ?? '',
    locale: user.locale,
  };
}

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const { setUser, reloadUser } = useAuth();
  const errorMessage = useErrorMessage();

  const required = (min: number, max: number) => (value: string) => {
    const n = value.trim().length;
    if (!n) return t('validation.required');
    if (n < min) return t('validation.tooShort', { min });
    if (n > max) return t('validation.tooLong', { max });
    return null;
  };
  const form = useForm<ProfileValues>({
    initialValues: valuesOf(user),
    validate: {
      displayName: required(2, 80),
      organisation: required(2, 160),
      jobTitle: required(2, 120),
      bio: (value) => (value.length > 2000 ? t('validation.tooLong', { max: 2000 }) : null),
      expertise: (value) =>
        value.length > 20
          ? t('validation.tooMany', { max: 20 })
          : value.some((item) => item.trim().length < 2 || item.trim().length > 60)
            ? t('validation.expertiseLength', { min: 2, max: 60 })
            : null,
    },
  });

  const save = useMutation({
    mutationFn: (values: ProfileValues) =>
      profileApi.update({
        ...values,
        displayName: values.displayName.trim(),
        organisation: values.organisation.trim(),
        jobTitle: values.jobTitle.trim(),
        bio: values.bio.trim() || null,
        timeZone: values.timeZone || null,
      }),
    onSuccess: (updated) => {
      setUser(updated);
      form.resetDirty(valuesOf(updated));
      // i18n.t, not the render's t: the save may just have switched the interface language.
      notifications.show({ color: 'teal', message: i18n.t('profile.saved') });
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) form.setErrors(error.formErrors(FIELDS));
    },
  });

  const avatar = useMutation({
    mutationFn: (file: File) => profileApi.uploadAvatar(file),
    onSuccess: async () => {
      await reloadUser();
      notifications.show({ color: 'teal', message: t('profile.avatarSaved') });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('profile.avatarFailed'), message: errorMessage(error) }),
  });

  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const languages = useMemo(() => languageOptions(i18n.language), [i18n.language]);
  const timeZones = useMemo(() => timeZoneOptions(), []);

  return (
    <Stack gap="lg">
      <PageHeader title={t('profile.title')} description={t('profile.intro')} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="lg">
            <Stack align="center" gap="sm">
              <MemberAvatar url={user.avatarUrl} name={user.displayName} size={112} radius={112} />
              <Text fw={600} ta="center">
                {user.displayName}
              </Text>
              <Text c="dimmed" size="sm" ta="center">
                @{user.handle} · {user.email}
              </Text>
              <FileButton onChange={(file) => file && avatar.mutate(file)} accept={AVATAR_TYPES}>
                {(props) => (
                  <Button {...props} variant="default" leftSection={<IconUpload size={16} aria-hidden />} loading={avatar.isPending}>
                    {t('profile.changeAvatar')}
                  </Button>
                )}
              </FileButton>
              <Text size="xs" c="dimmed" ta="center">
                {t('profile.avatarHint')}
              </Text>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p={{ base: 'lg', sm: 'xl' }}>
            <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
              <Stack gap="md">
                {save.error && !(save.error instanceof ApiRequestError && Object.keys(save.error.formErrors(FIELDS)).length) ? (
                  <ErrorAlert error={save.error} />
                ) : null}
                <Title order={2} fz="lg">
                  {t('profile.sections.public')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('fields.displayName')} required {...form.getInputProps('displayName')} />
                  <TextInput label={t('fields.jobTitle')} required {...form.getInputProps('jobTitle')} />
                </SimpleGrid>
                <TextInput label={t('fields.organisation')} required {...form.getInputProps('organisation')} />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label={t('fields.organisationType')}
                    data={ORGANISATION_TYPES.map((value) => ({ value, label: t(`organisationTypes.${value}`) }))}
                    allowDeselect={false}
                    {...form.getInputProps('organisationType')}
                  />
                  <Select label={t('fields.country')} data={countries} searchable allowDeselect={false} {...form.getInputProps('country')} />
                </SimpleGrid>
                <MultiSelect
                  label={t('fields.languages')}
                  description={t('profile.languagesHint')}
                  data={languages}
                  searchable
                  clearable
                  {...form.getInputProps('languages')}
                />
                <TagsInput
                  label={t('fields.expertise')}
                  description={t('profile.expertiseHint')}
                  clearable
                  maxTags={20}
                  {...form.getInputProps('expertise')}
                />
                <Textarea label={t('fields.bio')} autosize minRows={3} maxRows={8} {...form.getInputProps('bio')} />

                <Title order={2} fz="lg" mt="md">
                  {t('profile.sections.preferences')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label={t('fields.timeZone')}
                    data={timeZones}
                    searchable
                    clearable
                    placeholder={t('common.searchChoose')}
                    {...form.getInputProps('timeZone')}
                    value={form.values.timeZone || null}
                    onChange={(value) => form.setFieldValue('timeZone', value ?? '')}
                  />
                  <Select
                    label={t('fields.locale')}
                    data={INTERFACE_LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
                    allowDeselect={false}
                    {...form.getInputProps('locale')}
                  />
                </SimpleGrid>
                <Group justify="flex-end" mt="sm">
                  <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                    {t('common.cancel')}
                  </Button>
                  <Button type="submit" loading={save.isPending}>
                    {t('common.save')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
