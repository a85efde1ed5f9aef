export const ORGANISATION_TYPES = [
  'government',
  'international',
  'civil-society',
  'academia',
  'private-sector',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const USER_STATUSES = ['pending', 'active', 'rejected', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const INTERFACE_LANGUAGES = ['en', 'fr', 'es'] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number];

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** What any member may see of another member (A6: members only). */
export interface MemberProfile {
  id: string;
  handle: string;
  displayName: string;
  organisation: string;
  organisationType: OrganisationType;
  country: string;
  jobTitle: string;
  bio: string | null;
  languages: string[];
  expertise: string[];
  timeZone: string | null;
  avatarUrl: string | null;
}

/** The signed-in user's own view of their account. */
export interface CurrentUser extends MemberProfile {
  email: string;
  status: UserStatus;
  emailVerified: boolean;
  isAdmin: boolean;
  focalPointFor: string | null;
  locale: InterfaceLanguage;
  rejectionReason: string | null;
  createdAt: string;
  /** Platform-wide things this person may do (per-network rights are on each network). */
  permissions: CurrentUserPermissions;
}

export interface CurrentUserPermissions {
  /** May create networks: admins, and active members when the platform allows member networks. */
  createNetworks: boolean;
}

export interface UpdateProfileRequest {
  displayName?: string;
  organisation?: string;
  organisationType?: OrganisationType;
  country?: string;
  jobTitle?: string;
  bio?: string | null;
  languages?: string[];
  expertise?: string[];
  timeZone?: string | null;
  locale?: InterfaceLanguage;
}

export interface DirectoryQuery {
  q?: string;
  organisationType?: OrganisationType;
  country?: string;
  expertise?: string;
  language?: string;
  cursor?: string;
  limit?: number;
}

/** An applicant as the access-request queue shows them (A2). */
export interface AccessRequest {
  id: string;
  email: string;
  emailVerified: boolean;
  displayName: string;
  organisation: string;
  organisationType: OrganisationType;
  country: string;
  jobTitle: string;
  reason: string;
  createdAt: string;
  nominationLetter: { id: string; name: string; size: number; url: string } | null;
}

/** A user as platform admins manage them (A8). */
export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  organisation: string;
  country: string;
  status: UserStatus;
  isAdmin: boolean;
  focalPointFor: string | null;
  createdAt: string;
}

export interface RejectAccessRequest {
  reason: string;
}
