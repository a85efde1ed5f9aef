import type { RoomAuthorizer } from './room-authorizer.js';

/** The part of the networks policy that socket rooms need (NetworksPolicy provides it). */
export interface NetworkReadPolicy {
  canReadNetwork(userId: string, networkId: string): Promise<boolean>;
  canReadThread(userId: string, threadId: string): Promise<boolean>;
}

/**
 * Makes `network:` and `thread:` rooms joinable for exactly those the networks policy lets read
 * them, asked on every join and on every access re-check. Wired in RealtimeModule as a provider
 * injecting RoomAuthorizer and NetworksPolicy.
 */
export function registerNetworkRooms(authorizer: RoomAuthorizer, policy: NetworkReadPolicy): void {
  authorizer.register('network', (userId, networkId) => policy.canReadNetwork(userId, networkId));
  authorizer.register('thread', (userId, threadId) => policy.canReadThread(userId, threadId));
}
