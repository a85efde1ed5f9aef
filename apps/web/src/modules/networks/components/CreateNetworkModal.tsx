import { Button, Group, Modal, Radio, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { NETWORK_VISIBILITIES, type CreateNetworkRequest, type NetworkVisibility } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { networksApi } from '../api/networks-api';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A slug suggestion from a name: accents dropped, lowercase, words joined by dashes. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

interface Values {
  name: string;
  slug: string;
  description: string;
  visibility: NetworkVisibility;
  tags: string[];
}

/** Create a network (SPEC N2): admins, or members when the platform allows it; the creator becomes owner. */
export function CreateNetworkModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', slug: '', description: '', visibility: 'open', tags: [] },
    validateInputOnBlur: true,
    validate: {
      name: (v) => (v.trim().length < 3 ? t('networks.create.nameTooShort') : null),
      slug: (v) => (v && (!SLUG.test(v) || v.length < 2) ? t('networks.create.slugInvalid') : null),
      description: (v) => (v.length > 20000 ? t('networks.create.descriptionTooLong') : null),
      tags: (v) => (v.length > 10 ? t('networks.create.tooManyTags') : null),
    },
  });
  const create = useMutation({
    mutationFn: (values: Values) => {
      const body: CreateNetworkRequest = {
        name: values.name.trim(),
        description: values.description,
        visibility: values.visibility,
        tags: values.tags,
      };
      if (values.slug) body.slug = values.slug;
      return networksApi.create(body);
    },
    onSuccess: async (network) => {
      await queryClient.invalidateQueries({ queryKey: ['networks'] });
      form.reset();
      onClose();
      navigate(`/networks/${network.slug}`);
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) form.setErrors(error.formErrors(['name', 'slug', 'description', 'visibility', 'tags']));
    },
  });

  return (
    <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened={opened} onClose={onClose} title={t('networks.create.title')} size="lg">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <TextInput
            label={t('networks.create.name')}
            required
            data-autofocus
            maxLength={120}
            {...form.getInputProps('name')}
            onChange={(event) => {
              const name = event.currentTarget.value;
              const suggested = slugify(form.getValues().name);
              form.setFieldValue('name', name);
              if (!form.getValues().slug || form.getValues().slug === suggested) form.setFieldValue('slug', slugify(name));
            }}
          />
          <TextInput label={t('networks.create.slug')} description={t('networks.create.slugHelp')} maxLength={60} {...form.getInputProps('slug')} />
          <Textarea
            label={t('networks.create.description')}
            description={t('networks.create.descriptionHelp')}
            autosize
            minRows={4}
            maxRows={12}
            {...form.getInputProps('description')}
          />
          <Radio.Group label={t('networks.create.visibility')} required {...form.getInputProps('visibility')}>
            <Stack gap="xs" mt="xs">
              {NETWORK_VISIBILITIES.map((v) => (
                <Radio key={v} value={v} label={t(`networks.visibility.${v}`)} description={t(`networks.visibilityHelp.${v}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <TagsInput label={t('networks.create.tags')} description={t('networks.create.tagsHelp')} maxTags={10} clearable {...form.getInputProps('tags')} />
          {create.error && !(create.error instanceof ApiRequestError && Object.keys(create.error.fieldErrors).length) ? <ErrorAlert error={create.error} /> : null}
          <Text size="sm" c="dimmed">
            {t('networks.create.ownerNote')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('networks.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
