import {
  ActionIcon, Alert, Anchor, Button, Divider, Grid, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, TagsInput, Text, Textarea,
  TextInput, Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFileText, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { CreateEventRequest, EventDetail, EventKind, EventVisibility, FileInfo, RegistrationMode, UpdateEventRequest } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { formatFileSize } from '../../../shared/format/dates';
import { languageOptions, timeZoneOptions } from '../../../shared/format/languages';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { FileUploadList } from '../../files/components/FileUploadList';
import { eventsApi } from '../api/events-api';
import { useHostableNetworks } from '../hooks/useHostableNetworks';
import { utcToWallTime, wallTimeToUtc, zoneLabel } from '../lib/time';
import { rules, threadIdFrom, type Problem } from '../lib/validation';
import { EventGate, HostsOnly } from './EventGate';
import { useViewerZone, useDateLocale } from './parts';

const KINDS: EventKind[] = ['briefing', 'webinar', 'meeting', 'workshop'];
const MODES: RegistrationMode[] = ['open', 'approval', 'invite'];
const VISIBILITIES: EventVisibility[] = ['network', 'members', 'public'];

interface AgendaRow {
  key: string;
  time: string;
  title: string;
  speakers: string[];
}
interface SpeakerRow {
  key: string;
  type: 'member' | 'external';
  userId: string | null;
  name: string;
  affiliation: string;
}
interface FollowUpRow {
  key: string;
  title: string;
  url: string;
}
export interface EventFormValues {
  title: string;
  description: string;
  kind: EventKind;
  networkId: string;
  visibility: EventVisibility;
  registrationMode: RegistrationMode;
  capacity: number | string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  languages: string[];
  meetingUrl: string;
  agenda: AgendaRow[];
  speakers: SpeakerRow[];
  recordingUrl: string;
  followUp: FollowUpRow[];
  thread: string;
}

let rowCounter = 0;
const rowKey = () => `row${(rowCounter += 1)}`;

function initialValues(event: EventDetail | null, zone: string): EventFormValues {
  if (!event) {
    // Next full hour tomorrow, for an hour and a half.
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000);
    return {
      title: '', description: '', kind: 'briefing', networkId: '', visibility: 'members', registrationMode: 'open', capacity: '', timeZone: zone,
      startsAt: utcToWallTime(start, zone), endsAt: utcToWallTime(new Date(start.getTime() + 90 * 60_000), zone), languages: [], meetingUrl: '',
      agenda: [], speakers: [], recordingUrl: '', followUp: [], thread: '',
    };
  }
  return {
    title: event.title,
    description: event.description,
    kind: event.kind,
    networkId: event.network?.id ?? '',
    visibility: event.visibility,
    registrationMode: event.registrationMode,
    capacity: event.capacity ?? '',
    timeZone: event.timeZone,
    startsAt: utcToWallTime(event.startsAt, event.timeZone),
    endsAt: utcToWallTime(event.endsAt, event.timeZone),
    languages: event.languages,
    meetingUrl: event.meetingUrl ?? '',
    agenda: event.agenda.map((a) => ({ key: rowKey(), time: a.time, title: a.title, speakers: a.speakers })),
    speakers: event.speakers.map((s) => ({ key: rowKey(), type: s.userId ? 'member' : 'external', userId: s.userId ?? null, name: s.name, affiliation: s.affiliation ?? '' })),
    recordingUrl: event.recordingUrl ?? '',
    followUp: event.followUp.map((f) => ({ key: rowKey(), title: f.title, url: f.url })),
    thread: event.threadId ?? '',
  };
}

/** E1: create (/events/new) or edit (/events/:id/edit) an event. */
export function EventFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  if (!id) return <EventForm event={null} />;
  return <EventGate id={id}>{(event) => (event.canHost ? <EventForm event={event} /> : <HostsOnly title={t('events.form.editTitle')} />)}</EventGate>;
}

function MemberPicker({ value, label, onPick }: { value: SpeakerRow; label: string; onPick: (id: string, name: string, affiliation: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value.name);
  const [debounced] = useDebouncedValue(search, 250);
  const members = useQuery({
    queryKey: ['members', 'picker', debounced],
    queryFn: ({ signal }) => eventsApi.members(debounced, signal),
    enabled: debounced.trim().length >= 2,
  });
  const options = (members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName, organisation: m.organisation }));
  if (value.userId && !options.some((o) => o.value === value.userId)) options.unshift({ value: value.userId, label: value.name, organisation: value.affiliation });
  return (
    <Select
      label={label}
      placeholder={t('events.form.memberSearch')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={options.map(({ value: v, label: l }) => ({ value: v, label: l }))}
      value={value.userId}
      onChange={(id) => {
        const picked = options.find((o) => o.value === id);
        if (picked) onPick(picked.value, picked.label, picked.organisation ?? '');
      }}
      nothingFoundMessage={debounced.trim().length >= 2 ? t('common.nothingFound') : t('events.form.typeTwo')}
      filter={({ options: all }) => all}
      withAsterisk
    />
  );
}

function EventForm({ event }: { event: EventDetail | null }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const zone = useViewerZone();
  const hostable = useHostableNetworks();
  const [uploads, setUploads] = useState<FileInfo[]>([]);
  const [uploading, setUploading] = useState(false);
  const editing = event !== null;
  const msg = (problem: Problem) => (problem ? t(problem.key, problem.values) : null);

  const form = useForm<EventFormValues>({
    initialValues: initialValues(event, zone),
    validateInputOnBlur: true,
    validate: {
      title: (v) => msg(rules.title(v)),
      description: (v) => msg(rules.description(v)),
      capacity: (v) => msg(rules.capacity(v)),
      meetingUrl: (v) => msg(rules.url(v)),
      recordingUrl: (v) => msg(rules.url(v)),
      timeZone: (v) => msg(rules.timeZone(v)),
      startsAt: (v, values) => msg(rules.wallTime(v, values.timeZone)),
      endsAt: (v, values) => msg(rules.wallTime(v, values.timeZone) ?? rules.endAfterStart(values.startsAt, v, values.timeZone)),
      languages: (v) => msg(rules.languages(v)),
      visibility: (v, values) => msg(rules.visibility(v, values.networkId)),
      thread: (v) => msg(rules.thread(v)),
      agenda: {
        time: (v) => msg(rules.agendaTime(v)),
        title: (v) => msg(rules.agendaTitle(v)),
      },
      speakers: {
        name: (v, values, path) => {
          const index = Number(path.split('.')[1]);
          const row = values.speakers[index];
          if (row?.type === 'member' && !row.userId) return t('events.validation.pickMember');
          return msg(rules.speakerName(v));
        },
        affiliation: (v) => msg(rules.affiliation(v)),
      },
      followUp: {
        title: (v) => msg(rules.followUpTitle(v)),
        url: (v) => msg(rules.url(v, true)),
      },
    },
  });

  const languages = useMemo(() => languageOptions(dateLocale), [dateLocale]);
  const currentZone = form.values.timeZone;
  // The browser's list leaves out some valid names (UTC, old aliases): the event's own zone is always offered.
  const zones = useMemo(
    () => [...new Set([currentZone, 'UTC', ...timeZoneOptions()])].filter(Boolean).map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
    [currentZone],
  );
  const speakerNames = form.values.speakers.map((s) => s.name.trim()).filter(Boolean);

  const save = useMutation({
    mutationFn: async (values: EventFormValues) => {
      const common = {
        title: values.title.trim(),
        description: values.description.trim(),
        kind: values.kind,
        startsAt: wallTimeToUtc(values.startsAt, values.timeZone)!.toISOString(),
        endsAt: wallTimeToUtc(values.endsAt, values.timeZone)!.toISOString(),
        timeZone: values.timeZone,
        capacity: values.capacity === '' ? null : Number(values.capacity),
        registrationMode: values.registrationMode,
        meetingUrl: values.meetingUrl.trim() || null,
        visibility: values.visibility,
        languages: values.languages,
        agenda: values.agenda.map((a) => ({ time: a.time, title: a.title.trim(), speakers: a.speakers })),
        speakers: values.speakers.map((s) =>
          s.type === 'member' && s.userId
            ? { userId: s.userId, name: s.name.trim(), affiliation: s.affiliation.trim() || null }
            : { name: s.name.trim(), affiliation: s.affiliation.trim() || null },
        ),
        ...(uploads.length ? { attachmentIds: uploads.map((u) => u.id) } : {}),
      };
      if (!event) {
        const body: CreateEventRequest = { ...common, networkId: values.networkId || null };
        return eventsApi.create(body);
      }
      const body: UpdateEventRequest = {
        ...common,
        recordingUrl: values.recordingUrl.trim() || null,
        followUp: values.followUp.map((f) => ({ title: f.title.trim(), url: f.url.trim() })),
        threadId: threadIdFrom(values.thread),
      };
      return eventsApi.update(event.id, body);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['events', 'detail', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['events', 'list'] });
      notifications.show({ color: 'teal', message: editing ? t('events.form.saved') : t('events.form.created') });
      navigate(`/events/${saved.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiRequestError) form.setErrors(error.formErrors());
    },
  });

  const networkOptions = [
    ...(hostable.hubWide ? [{ value: '', label: t('events.form.hubWide') }] : []),
    ...hostable.networks.map((n) => ({ value: n.id, label: n.name })),
  ];
  const startInstant = wallTimeToUtc(form.values.startsAt, form.values.timeZone);

  if (!editing && !hostable.loading && !hostable.canCreate) {
    return (
      <Stack>
        <PageHeader title={t('events.form.createTitle')} />
        <Alert color="blue" variant="light">
          {t('events.form.cannotHost')}
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={event ? `/events/${event.id}` : '/events'} fz="sm">
        {event ? t('events.live.backToEvent') : t('events.backToCalendar')}
      </Anchor>
      <PageHeader title={editing ? t('events.form.editTitle') : t('events.form.createTitle')} description={t('events.form.intro')} />
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="lg">
          <ErrorAlert error={save.error} />
          <Paper withBorder p="lg">
            <Title order={2} fz="lg" mb="md">
              {t('events.form.sections.basics')}
            </Title>
            <Stack gap="md">
              <TextInput label={t('events.form.title')} withAsterisk maxLength={300} {...form.getInputProps('title')} />
              <Textarea label={t('events.form.description')} description={t('events.form.descriptionHint')} autosize minRows={4} maxRows={14} {...form.getInputProps('description')} />
              <Grid>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <Select label={t('events.form.kind')} withAsterisk allowDeselect={false} data={KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) }))} {...form.getInputProps('kind')} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <Select
                    label={t('events.form.network')}
                    withAsterisk
                    allowDeselect={false}
                    disabled={editing}
                    description={editing ? t('events.form.networkFixed') : t('events.form.networkHint')}
                    data={editing && event?.network ? [{ value: event.network.id, label: event.network.name ?? t('events.hiddenNetwork') }] : networkOptions}
                    {...form.getInputProps('networkId')}
                    onChange={(value) => {
                      form.setFieldValue('networkId', value ?? '');
                      if (!value && form.values.visibility === 'network') form.setFieldValue('visibility', 'members');
                    }}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <MultiSelect label={t('events.form.languages')} data={languages} searchable maxValues={20} {...form.getInputProps('languages')} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label={t('events.form.meetingUrl')}
                    description={t('events.form.meetingUrlHint')}
                    type="url"
                    placeholder="https://"
                    {...form.getInputProps('meetingUrl')}
                  />
                </Grid.Col>
              </Grid>
            </Stack>
          </Paper>

          <Paper withBorder p="lg">
            <Title order={2} fz="lg" mb="md">
              {t('events.form.sections.when')}
            </Title>
            <Grid>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select label={t('events.form.timeZone')} withAsterisk searchable allowDeselect={false} data={zones} limit={200} {...form.getInputProps('timeZone')} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput type="datetime-local" label={t('events.form.startsAt')} withAsterisk {...form.getInputProps('startsAt')} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput type="datetime-local" label={t('events.form.endsAt')} withAsterisk {...form.getInputProps('endsAt')} />
              </Grid.Col>
            </Grid>
            {startInstant && form.values.timeZone !== zone ? (
              <Text fz="sm" c="dimmed" mt="xs">
                {t('events.form.inYourZone', {
                  time: new Intl.DateTimeFormat(dateLocale, { dateStyle: 'full', timeStyle: 'short', timeZone: zone }).format(startInstant),
                  zone: zoneLabel(zone, dateLocale, startInstant),
                })}
              </Text>
            ) : null}
          </Paper>

          <Paper withBorder p="lg">
            <Title order={2} fz="lg" mb="md">
              {t('events.form.sections.registration')}
            </Title>
            <Grid>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select
                  label={t('events.form.visibility')}
                  withAsterisk
                  allowDeselect={false}
                  data={VISIBILITIES.map((v) => ({ value: v, label: t(`events.visibility.${v}`), disabled: v === 'network' && !form.values.networkId }))}
                  {...form.getInputProps('visibility')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select
                  label={t('events.form.registrationMode')}
                  withAsterisk
                  allowDeselect={false}
                  data={MODES.map((m) => ({ value: m, label: t(`events.registrationModeNames.${m}`) }))}
                  {...form.getInputProps('registrationMode')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <NumberInput label={t('events.form.capacity')} description={t('events.form.capacityHint')} min={1} max={100000} allowDecimal={false} allowNegative={false} {...form.getInputProps('capacity')} />
              </Grid.Col>
            </Grid>
          </Paper>

          <Paper withBorder p="lg">
            <Group justify="space-between" mb="md">
              <Title order={2} fz="lg">
                {t('events.form.sections.speakers')}
              </Title>
              <Group gap="xs">
                <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('speakers', { key: rowKey(), type: 'member', userId: null, name: '', affiliation: '' })} disabled={form.values.speakers.length >= 100}>
                  {t('events.form.addSpeaker')}
                </Button>
              </Group>
            </Group>
            <Stack gap="md">
              {form.values.speakers.length === 0 ? <Text c="dimmed" fz="sm">{t('events.form.noSpeakers')}</Text> : null}
              {form.values.speakers.map((speaker, index) => (
                <Paper key={speaker.key} withBorder p="sm" bg="gray.0">
                  <Stack gap="xs">
                    <Group justify="space-between">
                      <SegmentedControl
                        size="xs"
                        aria-label={t('events.form.speakerType', { n: index + 1 })}
                        value={speaker.type}
                        onChange={(value) => form.setFieldValue(`speakers.${index}`, { ...speaker, type: value as SpeakerRow['type'], userId: null })}
                        data={[
                          { value: 'member', label: t('events.form.speakerMember') },
                          { value: 'external', label: t('events.form.speakerExternal') },
                        ]}
                      />
                      <ActionIcon variant="subtle" color="red.8" onClick={() => form.removeListItem('speakers', index)} aria-label={t('events.form.removeSpeaker', { n: index + 1 })}>
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                    <Grid>
                      <Grid.Col span={{ base: 12, sm: 6 }}>
                        {speaker.type === 'member' ? (
                          <>
                            <MemberPicker
                              value={speaker}
                              label={t('events.form.speakerMemberLabel', { n: index + 1 })}
                              onPick={(userId, name, affiliation) => form.setFieldValue(`speakers.${index}`, { ...speaker, userId, name, affiliation: speaker.affiliation || affiliation })}
                            />
                            {form.errors[`speakers.${index}.name`] ? (
                              <Text fz="xs" c="red.8" mt={4} role="alert">
                                {form.errors[`speakers.${index}.name`]}
                              </Text>
                            ) : null}
                          </>
                        ) : (
                          <TextInput label={t('events.form.speakerName', { n: index + 1 })} withAsterisk maxLength={200} {...form.getInputProps(`speakers.${index}.name`)} />
                        )}
                      </Grid.Col>
                      <Grid.Col span={{ base: 12, sm: 6 }}>
                        <TextInput label={t('events.form.affiliation', { n: index + 1 })} maxLength={200} {...form.getInputProps(`speakers.${index}.affiliation`)} />
                      </Grid.Col>
                    </Grid>
                  </Stack>
                </Paper>
              ))}
            </Stack>
          </Paper>

          <Paper withBorder p="lg">
            <Group justify="space-between" mb="md">
              <Title order={2} fz="lg">
                {t('events.form.sections.agenda')}
              </Title>
              <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('agenda', { key: rowKey(), time: form.values.agenda.at(-1)?.time ?? form.values.startsAt.slice(11, 16), title: '', speakers: [] })} disabled={form.values.agenda.length >= 100}>
                {t('events.form.addAgendaItem')}
              </Button>
            </Group>
            <Text fz="sm" c="dimmed" mb="sm">
              {t('events.form.agendaHint', { zone: form.values.timeZone })}
            </Text>
            <Stack gap="sm">
              {form.values.agenda.length === 0 ? <Text c="dimmed" fz="sm">{t('events.form.noAgenda')}</Text> : null}
              {form.values.agenda.map((item, index) => (
                <Group key={item.key} align="flex-start" wrap="nowrap" gap="sm">
                  <TextInput type="time" label={t('events.form.agendaTime', { n: index + 1 })} w={130} withAsterisk {...form.getInputProps(`agenda.${index}.time`)} />
                  <TextInput label={t('events.form.agendaTitle', { n: index + 1 })} style={{ flex: 2 }} withAsterisk maxLength={300} {...form.getInputProps(`agenda.${index}.title`)} />
                  <TagsInput
                    label={t('events.form.agendaSpeakers', { n: index + 1 })}
                    style={{ flex: 2 }}
                    data={speakerNames}
                    maxTags={20}
                    {...form.getInputProps(`agenda.${index}.speakers`)}
                  />
                  <ActionIcon variant="subtle" color="red.8" mt={28} onClick={() => form.removeListItem('agenda', index)} aria-label={t('events.form.removeAgendaItem', { n: index + 1 })}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
          </Paper>

          <Paper withBorder p="lg">
            <Title order={2} fz="lg" mb="md">
              {t('events.form.sections.attachments')}
            </Title>
            {event?.attachments.length ? (
              <Stack gap={4} mb="sm">
                {event.attachments.map((file) => (
                  <Group key={file.id} gap="xs">
                    <IconFileText size={18} aria-hidden />
                    <Text fz="sm">{file.name}</Text>
                    <Text fz="xs" c="dimmed">
                      {formatFileSize(file.size, dateLocale)}
                    </Text>
                  </Group>
                ))}
                <Divider my="xs" />
              </Stack>
            ) : null}
            <FileUploadList label={t('files.add')} onChange={(files, busy) => {
                setUploads(files);
                setUploading(busy);
              }} max={20 - (event?.attachments.length ?? 0)} />
          </Paper>

          {editing ? (
            <Paper withBorder p="lg">
              <Title order={2} fz="lg" mb={4}>
                {t('events.form.sections.after')}
              </Title>
              <Text fz="sm" c="dimmed" mb="md">
                {t('events.form.afterHint')}
              </Text>
              <Stack gap="md">
                <TextInput label={t('events.form.recordingUrl')} type="url" placeholder="https://" {...form.getInputProps('recordingUrl')} />
                <TextInput label={t('events.form.thread')} description={t('events.form.threadHint')} {...form.getInputProps('thread')} />
                <Group justify="space-between">
                  <Text fw={600} fz="sm">
                    {t('events.form.followUp')}
                  </Text>
                  <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('followUp', { key: rowKey(), title: '', url: '' })} disabled={form.values.followUp.length >= 50}>
                    {t('events.form.addFollowUp')}
                  </Button>
                </Group>
                {form.values.followUp.map((item, index) => (
                  <Group key={item.key} align="flex-start" wrap="nowrap" gap="sm">
                    <TextInput label={t('events.form.followUpTitle', { n: index + 1 })} style={{ flex: 1 }} withAsterisk maxLength={300} {...form.getInputProps(`followUp.${index}.title`)} />
                    <TextInput label={t('events.form.followUpUrl', { n: index + 1 })} style={{ flex: 1 }} withAsterisk type="url" placeholder="https://" {...form.getInputProps(`followUp.${index}.url`)} />
                    <ActionIcon variant="subtle" color="red.8" mt={28} onClick={() => form.removeListItem('followUp', index)} aria-label={t('events.form.removeFollowUp', { n: index + 1 })}>
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                ))}
              </Stack>
            </Paper>
          ) : null}

          <Group justify="flex-end">
            <Button component={Link} to={event ? `/events/${event.id}` : '/events'} variant="default">
              {t('common.cancel')}
            </Button>
            {uploading ? (
              <Text fz="sm" c="dimmed">
                {t('files.waitForUploads')}
              </Text>
            ) : null}
            <Button type="submit" loading={save.isPending} disabled={uploading}>
              {editing ? t('common.save') : t('events.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
