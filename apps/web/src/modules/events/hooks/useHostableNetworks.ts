import { useQuery } from '@tanstack/react-query';
import type { NetworkSummary } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { eventsApi } from '../api/events-api';

/**
 * Where the member may host events, by the events policy's rule: owners and moderators of a
 * network host its events; admins host hub-wide events and events of any network.
 */
export function useHostableNetworks(): { networks: NetworkSummary[]; hubWide: boolean; canCreate: boolean; loading: boolean } {
  const user = useCurrentUser();
  const query = useQuery({
    queryKey: ['networks', user.isAdmin ? 'all' : 'mine'],
    queryFn: () => eventsApi.networks(user.isAdmin ? {} : { mine: true }),
  });
  const networks = (query.data?.items ?? []).filter(
    (n) => user.isAdmin || (n.membership?.status === 'active' && (n.membership.role === 'owner' || n.membership.role === 'moderator')),
  );
  return { networks, hubWide: user.isAdmin, canCreate: user.isAdmin || networks.length > 0, loading: query.isPending };
}
