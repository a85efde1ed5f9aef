import { Button, Group, Menu, Modal, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBell, IconBellOff, IconChevronDown, IconLock, IconLockOpen, IconPin, IconPinnedOff, IconArrowsExchange, IconCircleX, IconCircleCheck, IconShieldCog, IconEdit } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowLevel, ThreadDetail, UpdateThreadRequest } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { ErrorAlert, useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { networksApi } from '../../networks/api/networks-api';
import { forumApi } from '../api/forum-api';

/** Follow, mute or stop following a thread (SPEC F5). */
export function FollowMenu({ thread }: { thread: ThreadDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const follow = useMutation({
    mutationFn: (level: FollowLevel | null) => forumApi.follow(thread.id, level),
    onSuccess: (result) => queryClient.setQueryData<ThreadDetail>(['forum', 'thread', thread.id], (old) => (old ? { ...old, following: result.following } : old)),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const current = thread.following;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={current === 'muted' ? <IconBellOff size={16} aria-hidden /> : <IconBell size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />} loading={follow.isPending}>
          {t(`forum.follow.${current ?? 'none'}`)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => follow.mutate('following')} disabled={current === 'following'}>
          {t('forum.follow.doFollow')}
        </Menu.Item>
        <Menu.Item onClick={() => follow.mutate('muted')} disabled={current === 'muted'}>
          {t('forum.follow.doMute')}
        </Menu.Item>
        <Menu.Item onClick={() => follow.mutate(null)} disabled={current === null}>
          {t('forum.follow.doNone')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Moderator curation (SPEC F7): pin, lock, close, change category, move to another network. */
export function ThreadModeration({ thread, categories }: { thread: ThreadDetail; categories: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [moveOpen, moveModal] = useDisclosure(false);
  const [target, setTarget] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(thread.categoryId);

  const update = useMutation({
    mutationFn: (body: UpdateThreadRequest) => forumApi.updateThread(thread.id, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['forum', 'thread', thread.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['forum', 'threads'] });
      await queryClient.invalidateQueries({ queryKey: ['networks', 'detail'] });
      notifications.show({ color: 'teal', message: t('forum.moderation.saved') });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('forum.moderation.failed'), message: errorMessage(error) }),
  });

  // Networks this moderator may move the thread to (the server checks they moderate both).
  const targets = useQuery({
    queryKey: ['networks', 'list', { mine: true, moderated: true }],
    queryFn: () => networksApi.list({ mine: true, limit: 100 }),
    enabled: moveOpen,
    select: (page) =>
      page.items
        .filter((n) => n.id !== thread.networkId && (user.isAdmin || n.membership?.role === 'owner' || n.membership?.role === 'moderator'))
        .map((n) => ({ value: n.id, label: n.name })),
  });

  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" leftSection={<IconShieldCog size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />} loading={update.isPending}>
            {t('forum.moderation.menu')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={thread.pinned ? <IconPinnedOff size={16} aria-hidden /> : <IconPin size={16} aria-hidden />} onClick={() => update.mutate({ pinned: !thread.pinned })}>
            {thread.pinned ? t('forum.moderation.unpin') : t('forum.moderation.pin')}
          </Menu.Item>
          <Menu.Item leftSection={thread.locked ? <IconLockOpen size={16} aria-hidden /> : <IconLock size={16} aria-hidden />} onClick={() => update.mutate({ locked: !thread.locked })}>
            {thread.locked ? t('forum.moderation.unlock') : t('forum.moderation.lock')}
          </Menu.Item>
          <Menu.Item leftSection={thread.closed ? <IconCircleCheck size={16} aria-hidden /> : <IconCircleX size={16} aria-hidden />} onClick={() => update.mutate({ closed: !thread.closed })}>
            {thread.closed ? t('forum.moderation.reopen') : t('forum.moderation.close')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={moveModal.open}>
            {t('forum.moderation.moveOrCategory')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened={moveOpen} onClose={moveModal.close} title={t('forum.moderation.moveTitle')}>
        <Stack>
          <Select
            label={t('forum.moderation.category')}
            data={categories}
            value={category}
            onChange={setCategory}
            clearable
            placeholder={t('forum.moderation.noCategory')}
          />
          <Group justify="flex-end">
            <Button
              variant="light"
              disabled={category === thread.categoryId}
              loading={update.isPending}
              onClick={() => update.mutate({ categoryId: category }, { onSuccess: moveModal.close })}
            >
              {t('forum.moderation.saveCategory')}
            </Button>
          </Group>
          <Select
            label={t('forum.moderation.moveTo')}
            description={t('forum.moderation.moveHelp')}
            data={targets.data ?? []}
            value={target}
            onChange={setTarget}
            searchable
            nothingFoundMessage={t('forum.moderation.noTargets')}
          />
          {targets.isSuccess && targets.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('forum.moderation.noTargets')}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={moveModal.close}>
              {t('common.cancel')}
            </Button>
            <Button disabled={!target} loading={update.isPending} onClick={() => target && update.mutate({ networkId: target }, { onSuccess: moveModal.close })}>
              {t('forum.moderation.move')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The author or a moderator changes the title and tags (SPEC F1, F7). */
export function EditThreadButton({ thread }: { thread: ThreadDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, modal] = useDisclosure(false);
  const [title, setTitle] = useState(thread.title);
  const [tags, setTags] = useState<string[]>(thread.tags);
  const save = useMutation({
    mutationFn: () => forumApi.updateThread(thread.id, { title: title.trim(), tags }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['forum', 'thread', thread.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['forum', 'threads'] });
      modal.close();
    },
  });
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconEdit size={16} aria-hidden />}
        onClick={() => {
          setTitle(thread.title);
          setTags(thread.tags);
          modal.open();
        }}
      >
        {t('forum.edit.button')}
      </Button>
      <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened={opened} onClose={modal.close} title={t('forum.edit.title')}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (title.trim().length >= 3) save.mutate();
          }}
        >
          <Stack>
            <TextInput label={t('forum.newThread.titleLabel')} required maxLength={200} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={title.trim().length < 3 ? t('forum.newThread.titleTooShort') : null} data-autofocus />
            <TagsInput label={t('forum.newThread.tags')} description={t('forum.newThread.tagsHelp')} value={tags} onChange={setTags} maxTags={10} clearable />
            <ErrorAlert error={save.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={modal.close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
