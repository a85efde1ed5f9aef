import { Anchor, Badge, Button, Group, Menu, Modal, Paper, Select, Skeleton, Stack, Table, Tabs, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBan, IconCheck, IconDots, IconFlag, IconMessageExclamation, IconSearch, IconUserMinus, IconUserPlus, IconVolume, IconVolumeOff, IconX } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { NETWORK_ROLES, type MembershipStatus, type NetworkDetail, type NetworkMember, type NetworkRole } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { formatDate, formatDateTime } from '../../../shared/format/dates';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { membersApi } from '../../members/api/members-api';
import { networksApi } from '../api/networks-api';
import { NetworkBreadcrumbs } from './NetworkBreadcrumbs';

/** Mute durations offered, in minutes. */
const MUTE_OPTIONS = [60, 24 * 60, 7 * 24 * 60, 30 * 24 * 60] as const;
const RANK: Record<NetworkRole, number> = { owner: 3, moderator: 2, member: 1 };

/** Member management for owners and moderators (SPEC N3, N4). */
export function NetworkMembersPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const network = useQuery({ queryKey: ['networks', 'detail', slug], queryFn: ({ signal }) => networksApi.get(slug, signal) });
  if (network.isPending) return <Skeleton h={300} />;
  if (network.isError) return <ErrorAlert error={network.error} />;
  if (!network.data.permissions.moderate) {
    return (
      <Stack>
        <PageHeader title={t('networks.members.title')} />
        <Paper withBorder p="lg">
          <Text>{t('networks.members.moderatorsOnly')}</Text>
        </Paper>
      </Stack>
    );
  }
  return <MembersManager network={network.data} />;
}

type Action = { kind: 'warn' | 'mute' | 'remove' | 'ban'; member: NetworkMember } | null;

/** A list of the network's people; `q` searches names, handles and organisations on the server. */
function useMemberList(networkId: string, status: MembershipStatus, q = '') {
  return useInfiniteQuery({
    queryKey: ['networks', 'members', networkId, status, q],
    queryFn: ({ pageParam, signal }) =>
      status === 'pending'
        ? networksApi.joinRequests(networkId, { cursor: pageParam ?? undefined, limit: 50 }, signal)
        : networksApi.members(networkId, { status, q: q || undefined, cursor: pageParam ?? undefined, limit: 50 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While a new search runs, the previous answer stays on screen (and the search field keeps focus).
    placeholderData: keepPreviousData,
  });
}

function MembersManager({ network }: { network: NetworkDetail }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('active');
  const [inviteOpen, invite] = useDisclosure(false);
  const requests = useMemberList(network.id, 'pending');
  const pendingCount = requests.data?.pages.flatMap((p) => p.items).length ?? 0;

  return (
    <Stack gap="lg">
      <NetworkBreadcrumbs network={network} />
      <PageHeader
        title={t('networks.members.title')}
        description={t('networks.members.intro', { name: network.name })}
        actions={
          <>
            <Button variant="default" component={Link} to={`/networks/${network.slug}/moderation`} leftSection={<IconFlag size={16} aria-hidden />}>
              {t('moderation.network.link')}
            </Button>
            {network.permissions.invite ? (
              <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={invite.open}>
                {t('networks.members.invite')}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="active">{t('networks.members.tabs.active')}</Tabs.Tab>
          <Tabs.Tab value="pending" rightSection={pendingCount ? <Badge size="xs" circle>{pendingCount}</Badge> : null}>
            {t('networks.members.tabs.pending')}
          </Tabs.Tab>
          <Tabs.Tab value="invited">{t('networks.members.tabs.invited')}</Tabs.Tab>
          <Tabs.Tab value="banned">{t('networks.members.tabs.banned')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="active" pt="md">
          <ActiveMembers network={network} />
        </Tabs.Panel>
        <Tabs.Panel value="pending" pt="md">
          <JoinRequests network={network} />
        </Tabs.Panel>
        <Tabs.Panel value="invited" pt="md">
          <SimpleList network={network} status="invited" />
        </Tabs.Panel>
        <Tabs.Panel value="banned" pt="md">
          <SimpleList network={network} status="banned" />
        </Tabs.Panel>
      </Tabs>
      <InviteModal network={network} opened={inviteOpen} onClose={invite.close} />
    </Stack>
  );
}

function useMemberMutation<V>(network: NetworkDetail, fn: (vars: V) => Promise<unknown>, success: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: success });
      await queryClient.invalidateQueries({ queryKey: ['networks', 'members', network.id] });
      await queryClient.invalidateQueries({ queryKey: ['networks', 'detail'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('networks.actionFailed'), message: errorMessage(error) }),
  });
}

function PersonCell({ member }: { member: NetworkMember }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <MemberAvatar url={member.user.avatarUrl} name={member.user.displayName} size={32} />
      <div>
        <Anchor component={Link} to={`/members/${member.user.id}`} size="sm" fw={600}>
          {member.user.displayName}
        </Anchor>
        <Text size="xs" c="dimmed">
          @{member.user.handle} · {member.user.organisation}
        </Text>
      </div>
    </Group>
  );
}

function ActiveMembers({ network }: { network: NetworkDetail }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const members = useMemberList(network.id, 'active', q);
  const [action, setAction] = useState<Action>(null);
  const items = members.data?.pages.flatMap((p) => p.items) ?? [];
  const myRank = user.isAdmin ? 4 : RANK[network.membership?.role ?? 'member'];
  const setRole = useMemberMutation(network, ({ userId, role }: { userId: string; role: NetworkRole }) => networksApi.setRole(network.id, userId, role), t('networks.members.roleChanged'));
  const unmute = useMemberMutation(network, (userId: string) => networksApi.mute(network.id, userId, { minutes: 0 }), t('networks.members.unmuted'));

  if (members.isPending) return <Skeleton h={200} />;
  return (
    <Stack>
      <TextInput
        type="search"
        label={t('networks.members.search')}
        placeholder={t('networks.members.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        maw={420}
      />
      <ErrorAlert error={members.error} />
      {q && !members.isPlaceholderData && items.length === 0 ? (
        <Text c="dimmed" role="status">
          {t('networks.members.noMatch', { q })}
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('networks.members.person')}</Table.Th>
              <Table.Th>{t('networks.members.role')}</Table.Th>
              <Table.Th>{t('networks.members.joined')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('networks.members.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((member) => {
              const self = member.user.id === user.id;
              const outranked = RANK[member.role] < myRank;
              return (
                <Table.Tr key={member.user.id}>
                  <Table.Td>
                    <PersonCell member={member} />
                  </Table.Td>
                  <Table.Td>
                    {network.permissions.own && !self ? (
                      <Select
                        aria-label={t('networks.members.roleOf', { name: member.user.displayName })}
                        data={NETWORK_ROLES.map((role) => ({ value: role, label: t(`networks.roles.${role}`) }))}
                        value={member.role}
                        onChange={(role) => role && role !== member.role && setRole.mutate({ userId: member.user.id, role: role as NetworkRole })}
                        allowDeselect={false}
                        w={160}
                        size="xs"
                      />
                    ) : (
                      <Badge variant="light">{t(`networks.roles.${member.role}`)}</Badge>
                    )}
                    {member.mutedUntil && new Date(member.mutedUntil) > new Date() ? (
                      <Badge color="orange" variant="light" mt={4} display="block" w="fit-content">
                        {t('networks.members.mutedUntil', { time: formatDateTime(member.mutedUntil, i18n.language, user.timeZone) })}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(member.joinedAt, i18n.language, user.timeZone)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {!self && outranked ? (
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button variant="subtle" size="compact-sm" rightSection={<IconDots size={14} aria-hidden />} aria-label={t('networks.members.actionsFor', { name: member.user.displayName })}>
                            {t('networks.members.actions')}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconMessageExclamation size={16} aria-hidden />} onClick={() => setAction({ kind: 'warn', member })}>
                            {t('networks.members.warn')}
                          </Menu.Item>
                          {member.mutedUntil && new Date(member.mutedUntil) > new Date() ? (
                            <Menu.Item leftSection={<IconVolume size={16} aria-hidden />} onClick={() => unmute.mutate(member.user.id)}>
                              {t('networks.members.unmute')}
                            </Menu.Item>
                          ) : (
                            <Menu.Item leftSection={<IconVolumeOff size={16} aria-hidden />} onClick={() => setAction({ kind: 'mute', member })}>
                              {t('networks.members.mute')}
                            </Menu.Item>
                          )}
                          <Menu.Divider />
                          <Menu.Item color="red" leftSection={<IconUserMinus size={16} aria-hidden />} onClick={() => setAction({ kind: 'remove', member })}>
                            {t('networks.members.remove')}
                          </Menu.Item>
                          <Menu.Item color="red" leftSection={<IconBan size={16} aria-hidden />} onClick={() => setAction({ kind: 'ban', member })}>
                            {t('networks.members.ban')}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore hasMore={Boolean(members.hasNextPage)} loading={members.isFetchingNextPage} onLoad={() => void members.fetchNextPage()} />
      {action ? <ModerationModal network={network} action={action} onClose={() => setAction(null)} /> : null}
    </Stack>
  );
}

function ModerationModal({ network, action, onClose }: { network: NetworkDetail; action: NonNullable<Action>; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState<string>(String(MUTE_OPTIONS[1]));
  const name = action.member.user.displayName;
  const userId = action.member.user.id;
  const run = useMemberMutation(
    network,
    () => {
      const why = reason.trim() || undefined;
      switch (action.kind) {
        case 'warn':
          return networksApi.warn(network.id, userId, reason.trim());
        case 'mute':
          return networksApi.mute(network.id, userId, { minutes: Number(minutes), reason: why });
        case 'remove':
          return networksApi.remove(network.id, userId);
        case 'ban':
          return networksApi.ban(network.id, userId, why);
      }
    },
    t(`networks.members.done.${action.kind}`, { name }),
  );
  const reasonRequired = action.kind === 'warn';
  const invalid = reasonRequired && reason.trim().length < 3;
  return (
    <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened onClose={onClose} title={t(`networks.members.confirm.${action.kind}`, { name })}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!invalid) run.mutate(undefined, { onSuccess: onClose });
        }}
      >
        <Stack>
          <Text size="sm">{t(`networks.members.explain.${action.kind}`)}</Text>
          {action.kind === 'mute' ? (
            <Select
              label={t('networks.members.muteFor')}
              data={MUTE_OPTIONS.map((m) => ({ value: String(m), label: t(`networks.members.muteOptions.${m}`) }))}
              value={minutes}
              onChange={(v) => v && setMinutes(v)}
              allowDeselect={false}
            />
          ) : null}
          {action.kind !== 'remove' ? (
            <Textarea
              label={reasonRequired ? t('networks.members.reasonRequired') : t('networks.members.reason')}
              description={t('networks.members.reasonHelp')}
              required={reasonRequired}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={1000}
              autosize
              minRows={2}
              data-autofocus
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={action.kind === 'warn' || action.kind === 'mute' ? 'orange' : 'red'} loading={run.isPending} disabled={invalid}>
              {t(`networks.members.${action.kind}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function JoinRequests({ network }: { network: NetworkDetail }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const requests = useMemberList(network.id, 'pending');
  const approve = useMemberMutation(network, (userId: string) => networksApi.approve(network.id, userId), t('networks.members.approved'));
  const reject = useMemberMutation(network, (userId: string) => networksApi.reject(network.id, userId), t('networks.members.rejected'));
  const items = requests.data?.pages.flatMap((p) => p.items) ?? [];
  if (requests.isPending) return <Skeleton h={120} />;
  if (!items.length) {
    return (
      <Paper withBorder p="xl">
        <Text ta="center" c="dimmed">
          {t('networks.members.noRequests')}
        </Text>
      </Paper>
    );
  }
  return (
    <Stack component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      <ErrorAlert error={requests.error} />
      {items.map((member) => (
        <Paper key={member.user.id} withBorder p="md" component="li">
          <Group justify="space-between" align="flex-start">
            <Stack gap={6}>
              <PersonCell member={member} />
              <Text size="xs" c="dimmed">
                {t('networks.members.requestedOn', { date: formatDate(member.joinedAt, i18n.language, user.timeZone) })}
              </Text>
              {member.message ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  “{member.message}”
                </Text>
              ) : null}
            </Stack>
            <Group gap="xs">
              <Button size="xs" leftSection={<IconCheck size={14} aria-hidden />} loading={approve.isPending && approve.variables === member.user.id} onClick={() => approve.mutate(member.user.id)} aria-label={t('networks.members.approveName', { name: member.user.displayName })}>
                {t('networks.members.approve')}
              </Button>
              <Button size="xs" variant="default" color="red" leftSection={<IconX size={14} aria-hidden />} loading={reject.isPending && reject.variables === member.user.id} onClick={() => reject.mutate(member.user.id)} aria-label={t('networks.members.rejectName', { name: member.user.displayName })}>
                {t('networks.members.reject')}
              </Button>
            </Group>
          </Group>
        </Paper>
      ))}
      <LoadMore hasMore={Boolean(requests.hasNextPage)} loading={requests.isFetchingNextPage} onLoad={() => void requests.fetchNextPage()} />
    </Stack>
  );
}

function SimpleList({ network, status }: { network: NetworkDetail; status: 'invited' | 'banned' }) {
  const { t } = useTranslation();
  const list = useMemberList(network.id, status);
  const unban = useMemberMutation(network, (userId: string) => networksApi.unban(network.id, userId), t('networks.members.unbanned'));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isPending) return <Skeleton h={120} />;
  if (!items.length) {
    return (
      <Paper withBorder p="xl">
        <Text ta="center" c="dimmed">
          {t(`networks.members.empty.${status}`)}
        </Text>
      </Paper>
    );
  }
  return (
    <Stack component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      <ErrorAlert error={list.error} />
      {items.map((member) => (
        <Paper key={member.user.id} withBorder p="md" component="li">
          <Group justify="space-between">
            <PersonCell member={member} />
            {status === 'banned' ? (
              <Button size="xs" variant="default" loading={unban.isPending && unban.variables === member.user.id} onClick={() => unban.mutate(member.user.id)} aria-label={t('networks.members.unbanName', { name: member.user.displayName })}>
                {t('networks.members.unban')}
              </Button>
            ) : (
              <Badge variant="light" color="gray">
                {t('networks.members.invitedBadge')}
              </Badge>
            )}
          </Group>
        </Paper>
      ))}
      <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
    </Stack>
  );
}

/** Invite someone from the member directory (SPEC N3). */
function InviteModal({ network, opened, onClose }: { network: NetworkDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [userId, setUserId] = useState<string | null>(null);
  const directory = useQuery({
    queryKey: ['members', { q, invite: true }],
    queryFn: ({ signal }) => membersApi.list({ q, limit: 20 }, signal),
    enabled: opened && q.length >= 2,
  });
  const invite = useMemberMutation(network, (id: string) => networksApi.invite(network.id, id), t('networks.members.invited'));
  const options = (directory.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.displayName} — ${m.organisation}` }));
  return (
    <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened={opened} onClose={onClose} title={t('networks.members.inviteTitle', { name: network.name })}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (userId)
            invite.mutate(userId, {
              onSuccess: () => {
                setUserId(null);
                setSearch('');
                onClose();
              },
            });
        }}
      >
        <Stack>
          <Select
            label={t('networks.members.invitePerson')}
            description={t('networks.members.inviteHelp')}
            placeholder={t('common.searchChoose')}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            data={options}
            value={userId}
            onChange={setUserId}
            filter={({ options: all }) => all}
            nothingFoundMessage={q.length >= 2 && directory.isSuccess ? t('common.nothingFound') : undefined}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!userId} loading={invite.isPending}>
              {t('networks.members.sendInvite')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
