import { useQuery } from '@tanstack/react-query';
import type { NetworkDetail, NetworkSummary } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { networksApi } from '../../networks/api/networks-api';

/** May the viewer add to this network's library, by the rule the library policy applies (K1)? */
export function mayContribute(network: Pick<NetworkDetail, 'permissions' | 'libraryContributors'>): boolean {
  if (network.permissions.moderate) return true;
  return network.libraryContributors !== 'moderators' && network.permissions.post;
}

/**
 * Where the member may add a resource: the networks they are an active member of, and the hub-wide
 * library for admins. A network open to moderators only is refused by the server (the list does not
 * carry that setting); the form shows the refusal on the network field.
 */
export function useContributableNetworks(): { networks: NetworkSummary[]; hubWide: boolean; canAdd: boolean; loading: boolean } {
  const user = useCurrentUser();
  const query = useQuery({
    queryKey: ['networks', 'library', 'contributable'],
    queryFn: ({ signal }) => networksApi.list({ mine: true, limit: 100 }, signal),
  });
  const networks = (query.data?.items ?? []).filter((n) => n.membership?.status === 'active');
  return { networks, hubWide: user.isAdmin, canAdd: user.isAdmin || networks.length > 0, loading: query.isPending };
}
