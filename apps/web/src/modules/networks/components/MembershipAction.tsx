import { Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconClock, IconDoorExit, IconLogin } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '@praxis/contracts';
import { useMembershipMutations } from '../hooks/useNetworkMutations';

/**
 * What the viewer can do about their membership (SPEC N3): join an open network, request to join a
 * restricted one with a message, accept an invitation, see a pending request, or leave.
 */
export function MembershipAction({ network, showLeave = false }: { network: NetworkSummary; showLeave?: boolean }) {
  const { t } = useTranslation();
  const { join, leave } = useMembershipMutations(network);
  const [requestOpen, request] = useDisclosure(false);
  const [leaveOpen, leaveModal] = useDisclosure(false);
  const [message, setMessage] = useState('');
  const status = network.membership?.status ?? null;

  if (status === 'active') {
    return (
      <Group gap="xs">
        <Badge variant="light" color="blue">
          {t(`networks.roles.${network.membership!.role}`)}
        </Badge>
        {showLeave ? (
          <>
            <Button variant="subtle" color="red" size="xs" leftSection={<IconDoorExit size={14} aria-hidden />} onClick={leaveModal.open}>
              {t('networks.leave')}
            </Button>
            <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened={leaveOpen} onClose={leaveModal.close} title={t('networks.leaveTitle', { name: network.name })}>
              <Stack>
                <Text>{network.visibility === 'open' ? t('networks.leaveOpenBody') : t('networks.leaveClosedBody')}</Text>
                <Group justify="flex-end">
                  <Button variant="default" onClick={leaveModal.close}>
                    {t('common.cancel')}
                  </Button>
                  <Button color="red" loading={leave.isPending} onClick={() => leave.mutate(undefined, { onSuccess: leaveModal.close })}>
                    {t('networks.leave')}
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </>
        ) : null}
      </Group>
    );
  }
  if (status === 'pending') {
    return (
      <Badge variant="light" color="yellow" leftSection={<IconClock size={12} aria-hidden />}>
        {t('networks.pending')}
      </Badge>
    );
  }
  if (status === 'banned') {
    return (
      <Badge variant="light" color="red">
        {t('networks.banned')}
      </Badge>
    );
  }
  if (status === 'invited' || network.visibility === 'open') {
    return (
      <Button size="xs" leftSection={<IconLogin size={14} aria-hidden />} loading={join.isPending} onClick={() => join.mutate(undefined)}>
        {status === 'invited' ? t('networks.acceptInvitation') : t('networks.join')}
      </Button>
    );
  }
  if (network.visibility === 'restricted') {
    return (
      <>
        <Button size="xs" variant="light" onClick={request.open}>
          {t('networks.requestToJoin')}
        </Button>
        <Modal closeButtonProps={{ 'aria-label': t('networks.closeDialog') }} opened={requestOpen} onClose={request.close} title={t('networks.requestTitle', { name: network.name })}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              join.mutate(message.trim() || undefined, { onSuccess: request.close });
            }}
          >
            <Stack>
              <Text size="sm" c="dimmed">
                {t('networks.requestHelp')}
              </Text>
              <Textarea
                label={t('networks.requestMessage')}
                value={message}
                onChange={(event) => setMessage(event.currentTarget.value)}
                maxLength={1000}
                autosize
                minRows={3}
                data-autofocus
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={request.close}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={join.isPending}>
                  {t('networks.sendRequest')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal>
      </>
    );
  }
  return null;
}
