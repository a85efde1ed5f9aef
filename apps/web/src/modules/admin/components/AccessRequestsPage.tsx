import { Badge, Button, Group, Modal, Paper, Skeleton, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconFileTypePdf, IconMailCheck, IconMailQuestion, IconX } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessRequest } from '@praxis/contracts';
import { ApiRequestError } from '../../../shared/api/errors';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { countryName } from '../../../shared/format/countries';
import { formatDateTime, formatFileSize } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { adminApi, downloadFile } from '../api/admin-api';

export function AccessRequestsPage() {
  const { t, i18n } = useTranslation();
  const viewer = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [rejecting, setRejecting] = useState<AccessRequest | null>(null);

  const requests = useInfiniteQuery({
    queryKey: ['access-requests'],
    queryFn: ({ pageParam }) => adminApi.accessRequests(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];

  const decided = async (message: string) => {
    notifications.show({ color: 'teal', message });
    await queryClient.invalidateQueries({ queryKey: ['access-requests'] });
    await queryClient.invalidateQueries({ queryKey: ['admin-users'] });
  };
  const approve = useMutation({
    mutationFn: (request: AccessRequest) => adminApi.approve(request.id),
    onSuccess: (_r, request) => decided(t('accessRequests.approved', { name: request.displayName })),
    onError: (error) => notifications.show({ color: 'red', title: t('accessRequests.failed'), message: errorMessage(error) }),
  });
  const reject = useMutation({
    mutationFn: ({ request, reason }: { request: AccessRequest; reason: string }) => adminApi.reject(request.id, reason),
    onSuccess: async (_r, { request }) => {
      setRejecting(null);
      await decided(t('accessRequests.rejected', { name: request.displayName }));
    },
  });
  const rejectForm = useForm({
    initialValues: { reason: '' },
    validate: {
      reason: (value) =>
        value.trim().length < 3 ? t('validation.tooShort', { min: 3 }) : value.length > 2000 ? t('validation.tooLong', { max: 2000 }) : null,
    },
  });
  const openReject = (request: AccessRequest) => {
    rejectForm.reset();
    reject.reset();
    setRejecting(request);
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('accessRequests.title')}
        description={viewer.isAdmin ? t('accessRequests.intro') : t('accessRequests.introFocal', { organisation: viewer.focalPointFor })}
      />
      <ErrorAlert error={requests.error} />
      {requests.isPending ? <Skeleton h={180} /> : null}
      {!requests.isPending && items.length === 0 && !requests.isError ? (
        <Paper withBorder p="xl">
          <Stack align="center" gap={4}>
            <Title order={2} fz="lg">
              {t('accessRequests.emptyTitle')}
            </Title>
            <Text c="dimmed">{t('accessRequests.empty')}</Text>
          </Stack>
        </Paper>
      ) : null}
      <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {items.map((request) => (
          <Paper key={request.id} withBorder p="lg" component="li" aria-labelledby={`request-${request.id}`}>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start" gap="md">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Title order={2} fz="lg" id={`request-${request.id}`}>
                      {request.displayName}
                    </Title>
                    <Tooltip label={request.emailVerified ? t('accessRequests.verified') : t('accessRequests.unverified')}>
                      <Badge
                        variant="light"
                        color={request.emailVerified ? 'teal' : 'orange'}
                        leftSection={request.emailVerified ? <IconMailCheck size={12} aria-hidden /> : <IconMailQuestion size={12} aria-hidden />}
                      >
                        {request.emailVerified ? t('accessRequests.verifiedShort') : t('accessRequests.unverifiedShort')}
                      </Badge>
                    </Tooltip>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {request.email}
                  </Text>
                </Stack>
                <Text size="sm" c="dimmed">
                  {t('accessRequests.requestedAt', { date: formatDateTime(request.createdAt, i18n.language, viewer.timeZone) })}
                </Text>
              </Group>
              <Text size="sm">
                <strong>{request.jobTitle}</strong> · {request.organisation} · {t(`organisationTypes.${request.organisationType}`)} ·{' '}
                {countryName(request.country, i18n.language)}
              </Text>
              <Paper bg="gray.0" p="sm" radius="sm">
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
                  {t('fields.reason')}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {request.reason}
                </Text>
              </Paper>
              <Group justify="space-between" gap="sm">
                {request.nominationLetter ? (
                  <Button
                    variant="subtle"
                    leftSection={<IconFileTypePdf size={18} aria-hidden />}
                    onClick={() =>
                      downloadFile(request.nominationLetter!.url, request.nominationLetter!.name).catch((error: unknown) =>
                        notifications.show({ color: 'red', message: errorMessage(error) }),
                      )
                    }
                  >
                    {t('accessRequests.letter', {
                      name: request.nominationLetter.name,
                      size: formatFileSize(request.nominationLetter.size, i18n.language),
                    })}
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('accessRequests.noLetter')}
                  </Text>
                )}
                <Group gap="sm">
                  <Button
                    variant="default"
                    color="red"
                    leftSection={<IconX size={16} aria-hidden />}
                    onClick={() => openReject(request)}
                    aria-label={t('accessRequests.rejectNamed', { name: request.displayName })}
                  >
                    {t('accessRequests.reject')}
                  </Button>
                  <Button
                    leftSection={<IconCheck size={16} aria-hidden />}
                    loading={approve.isPending && approve.variables?.id === request.id}
                    onClick={() => approve.mutate(request)}
                    aria-label={t('accessRequests.approveNamed', { name: request.displayName })}
                  >
                    {t('accessRequests.approve')}
                  </Button>
                </Group>
              </Group>
            </Stack>
          </Paper>
        ))}
      </Stack>
      <LoadMore hasMore={Boolean(requests.hasNextPage)} loading={requests.isFetchingNextPage} onLoad={() => void requests.fetchNextPage()} />

      <Modal opened={rejecting !== null} onClose={() => setRejecting(null)} title={t('accessRequests.rejectTitle', { name: rejecting?.displayName ?? '' })}>
        <form
          noValidate
          onSubmit={rejectForm.onSubmit((values) => {
            if (rejecting) reject.mutate({ request: rejecting, reason: values.reason.trim() });
          })}
        >
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('accessRequests.rejectHint')}
            </Text>
            {reject.error && !(reject.error instanceof ApiRequestError && reject.error.fieldErrors.reason) ? <ErrorAlert error={reject.error} /> : null}
            <Textarea
              label={t('accessRequests.reason')}
              autosize
              minRows={3}
              required
              data-autofocus
              {...rejectForm.getInputProps('reason')}
              error={rejectForm.errors.reason ?? (reject.error instanceof ApiRequestError ? reject.error.fieldErrors.reason?.join(' ') : undefined)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red.9" loading={reject.isPending}>
                {t('accessRequests.confirmReject')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
