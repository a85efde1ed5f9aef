import type { AdminUser, CurrentUser, MemberProfile } from '@praxis/contracts';
import { networkRules } from '../networks/networks.policy.js';
import type { UserEntity } from './user.entity.js';

export function avatarUrl(user: Pick<UserEntity, 'id' | 'avatarFileId'>): string | null {
  return user.avatarFileId ? `/api/v1/users/${user.id}/avatar?v=${user.avatarFileId.slice(0, 8)}` : null;
}

export function toMemberProfile(user: UserEntity): MemberProfile {
  return {
    id: user.id,
    handle: user.handle,
    displayName: user.displayName,
    organisation: user.organisation,
    organisationType: user.organisationType,
    country: user.country,
    jobTitle: user.jobTitle,
    bio: user.bio,
    languages: user.languages,
    expertise: user.expertise,
    timeZone: user.timeZone,
    avatarUrl: avatarUrl(user),
  };
}

/**
 * The signed-in person as they see themselves; `permissions` asks the features' own rules, with the
 * hub settings as they are now (HubSettingsService.current()).
 */
export function toCurrentUser(user: UserEntity, hub: { membersMayCreateNetworks: boolean }): CurrentUser {
  return {
    ...toMemberProfile(user),
    email: user.email,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    isAdmin: user.isAdmin,
    focalPointFor: user.focalPointFor,
    locale: user.locale,
    rejectionReason: user.rejectionReason,
    createdAt: user.createdAt.toISOString(),
    permissions: { createNetworks: networkRules.canCreateNetwork(user, hub.membersMayCreateNetworks) },
  };
}

export function toAdminUser(user: UserEntity): AdminUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    organisation: user.organisation,
    country: user.country,
    status: user.status,
    isAdmin: user.isAdmin,
    focalPointFor: user.focalPointFor,
    createdAt: user.createdAt.toISOString(),
  };
}
