import { ActionIcon, Badge, Button, Group, Menu, Modal, Paper, SegmentedControl, Skeleton, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { USER_STATUSES, type AdminUser, type UserStatus } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { countryName } from '../../../shared/format/countries';
import { formatDate } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { adminApi } from '../api/admin-api';

type Action = 'suspend' | 'reinstate' | 'grantAdmin' | 'withdrawAdmin';
const STATUS_COLORS = { pending: 'orange', active: 'teal', rejected: 'red', suspended: 'gray' } as const;

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const viewer = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [search, setSearch] = useState('');
  const [confirming, setConfirming] = useState<AdminUser | null>(null);
  const [suspendReason, setSuspendReason] = useState('');
  const [status, setStatus] = useState<UserStatus | 'all'>('all');
  const [q] = useDebouncedValue(search.trim(), 300);

  const users = useInfiniteQuery({
    queryKey: ['admin-users', q, status],
    queryFn: ({ pageParam }) => adminApi.users(q, status === 'all' ? null : status, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];

  const act = useMutation({
    mutationFn: ({ user, action, reason }: { user: AdminUser; action: Action; reason?: string }) =>
      action === 'suspend' ? adminApi.suspend(user.id, reason) : adminApi[action](user.id),
    onSuccess: async (_r, { user, action }) => {
      notifications.show({ color: 'teal', message: t(`users.done.${action}`, { name: user.displayName }) });
      await queryClient.invalidateQueries({ queryKey: ['admin-users'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('users.failed'), message: errorMessage(error) }),
  });

  return (
    <Stack gap="lg">
      <PageHeader title={t('users.title')} description={t('users.intro')} />
      <Group align="flex-end" gap="md" wrap="wrap">
        <TextInput
          label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 360 }}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="users-status-filter">
            {t('users.statusFilter')}
          </Text>
          <SegmentedControl
            aria-labelledby="users-status-filter"
            value={status}
            onChange={(value) => setStatus(value as UserStatus | 'all')}
            data={[{ value: 'all', label: t('users.allStatuses') }, ...USER_STATUSES.map((value) => ({ value, label: t(`userStatus.${value}`) }))]}
          />
        </Stack>
      </Group>
      <ErrorAlert error={users.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label={t('users.caption')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('users.columns.name')}</Table.Th>
                <Table.Th scope="col">{t('users.columns.organisation')}</Table.Th>
                <Table.Th scope="col">{t('users.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('users.columns.joined')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('users.columns.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.isPending ? (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Skeleton h={40} />
                  </Table.Td>
                </Table.Tr>
              ) : null}
              {!users.isPending && !users.isError && items.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="md">
                      {t('users.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : null}
              {items.map((user) => {
                const self = user.id === viewer.id;
                const busy = act.isPending && act.variables?.user.id === user.id;
                return (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {user.displayName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {user.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{user.organisation}</Text>
                      <Text size="xs" c="dimmed">
                        {countryName(user.country, i18n.language)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge variant="light" color={STATUS_COLORS[user.status]}>
                          {t(`userStatus.${user.status}`)}
                        </Badge>
                        {user.isAdmin ? <Badge variant="filled">{t('users.admin')}</Badge> : null}
                        {user.focalPointFor ? (
                          <Badge variant="outline" color="gray">
                            {t('users.focalPoint')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(user.createdAt, i18n.language, viewer.timeZone)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {self ? (
                        <Text size="xs" c="dimmed">
                          {t('users.you')}
                        </Text>
                      ) : (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" loading={busy} aria-label={t('users.actionsFor', { name: user.displayName })}>
                              <IconDots size={18} aria-hidden />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {user.status === 'suspended' ? (
                              <Menu.Item onClick={() => act.mutate({ user, action: 'reinstate' })}>{t('users.actions.reinstate')}</Menu.Item>
                            ) : (
                              <Menu.Item
                                color="red"
                                onClick={() => {
                                  setSuspendReason('');
                                  setConfirming(user);
                                }}
                              >
                                {t('users.actions.suspend')}
                              </Menu.Item>
                            )}
                            {user.isAdmin ? (
                              <Menu.Item onClick={() => act.mutate({ user, action: 'withdrawAdmin' })}>{t('users.actions.withdrawAdmin')}</Menu.Item>
                            ) : user.status === 'active' ? (
                              <Menu.Item onClick={() => act.mutate({ user, action: 'grantAdmin' })}>{t('users.actions.grantAdmin')}</Menu.Item>
                            ) : null}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <LoadMore hasMore={Boolean(users.hasNextPage)} loading={users.isFetchingNextPage} onLoad={() => void users.fetchNextPage()} />
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={t('users.confirmSuspendTitle', { name: confirming?.displayName ?? '' })}>
        <Stack gap="md">
          <Text size="sm">{t('users.confirmSuspendBody')}</Text>
          <Textarea
            label={t('users.suspendReason')}
            description={t('users.suspendReasonHint')}
            autosize
            minRows={2}
            maxLength={1000}
            value={suspendReason}
            onChange={(event) => setSuspendReason(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red.9"
              data-autofocus
              onClick={() => {
                if (confirming) act.mutate({ user: confirming, action: 'suspend', reason: suspendReason.trim() || undefined });
                setConfirming(null);
              }}
            >
              {t('users.actions.suspend')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
