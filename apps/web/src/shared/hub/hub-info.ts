import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HubInfo } from '@praxis/contracts';
import { api } from '../api/client';

/** The query of GET /api/v1/hub: the hub's name and whether registration is open (D2). */
export const hubInfoQuery = {
  queryKey: ['hub'] as const,
  queryFn: () => api.get<HubInfo>('/hub'),
  staleTime: 5 * 60_000,
};

/** Fetches the hub info (the layout does, once for every page; the register page does too). */
export function useHubInfo() {
  return useQuery(hubInfoQuery);
}

/**
 * The hub's name as its admins set it, read from the cache the layout fills, so that a component
 * rendered on its own (in a test) never fetches; the product name until it is known.
 */
export function useHubName(): string {
  const { t } = useTranslation();
  const { data } = useQuery({ ...hubInfoQuery, enabled: false });
  return data?.hubName ?? t('app.name');
}

/** Whether the hub takes applications (D2), from the same cache; open until known. */
export function useRegistrationOpen(): boolean {
  const { data } = useQuery({ ...hubInfoQuery, enabled: false });
  return data?.registrationOpen ?? true;
}
