import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '@praxis/contracts';
import { networksApi } from '../api/networks-api';
import { useErrorMessage } from '../../../shared/ui/ErrorAlert';

/** Join, request to join, and leave; every networks query is refreshed afterwards. */
export function useMembershipMutations(network: Pick<NetworkSummary, 'id' | 'name'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  // Membership changes what the viewer may read and post: refresh networks and forum queries.
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['networks'] }), queryClient.invalidateQueries({ queryKey: ['forum'] })]);
  const onError = (error: unknown) => notifications.show({ color: 'red', title: t('networks.actionFailed'), message: errorMessage(error) });

  const join = useMutation({
    mutationFn: (message?: string) => networksApi.join(network.id, message),
    onSuccess: async (result) => {
      notifications.show({
        color: 'teal',
        message: result.membership.status === 'active' ? t('networks.joined', { name: network.name }) : t('networks.requestSent', { name: network.name }),
      });
      await refresh();
    },
    onError,
  });
  const leave = useMutation({
    mutationFn: () => networksApi.leave(network.id),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('networks.left', { name: network.name }) });
      await refresh();
    },
    onError,
  });
  return { join, leave };
}
