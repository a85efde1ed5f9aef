/** D2: the hub as anyone sees it (header, page titles, the register page). */
export interface HubInfo {
  hubName: string;
  registrationOpen: boolean;
}

/** D2: every hub setting, as platform admins read and edit them. */
export interface HubSettings extends HubInfo {
  /** Whether active members, not only admins, may create networks (N2). */
  membersMayCreateNetworks: boolean;
  /** Applicants with a confirmed address at one of these domains are approved without review (A2). */
  autoApproveDomains: string[];
  /** When and by whom the settings were last changed; null until an admin first changes them. */
  updatedAt: string | null;
  updatedBy: { id: string; displayName: string } | null;
}

/** PATCH /admin/settings: only the fields sent change. */
export interface UpdateHubSettingsRequest {
  hubName?: string;
  registrationOpen?: boolean;
  membersMayCreateNetworks?: boolean;
  autoApproveDomains?: string[];
}

export const HUB_NAME_MAX_LENGTH = 80;
export const AUTO_APPROVE_DOMAINS_MAX = 200;

/** D1: the tables of the admin dashboard, each downloadable as CSV (`/admin/dashboard/<table>.csv`). */
export const DASHBOARD_TABLES = ['summary', 'activity', 'events', 'tags'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

export interface DashboardMembers {
  /** Approved accounts (status active). */
  total: number;
  /** Applicants waiting for a decision. */
  pending: number;
  suspended: number;
  /** Active members who signed in or used a session in the last `activeDays` days. */
  activeRecently: number;
}

/** One week (Monday 00:00 UTC to the next) of forum activity. */
export interface DashboardWeek {
  /** The Monday that starts the week, YYYY-MM-DD (UTC). */
  weekStart: string;
  threads: number;
  /** Posts written that week, each thread's opening post included; deleted posts are not counted. */
  posts: number;
}

/** Registration against attendance for one event that has started. */
export interface DashboardEvent {
  id: string;
  title: string;
  startsAt: string;
  /** Places taken (status registered), waiting lists and cancellations not counted. */
  registered: number;
  /** Distinct people who joined the live session. */
  attended: number;
  /** Of those who attended, how many had registered. */
  attendedRegistered: number;
}

export interface DashboardTag {
  tag: string;
  threads: number;
  resources: number;
  total: number;
}

/** D1: GET /admin/dashboard. */
export interface AdminDashboard {
  generatedAt: string;
  /** The windows the figures cover. */
  periods: { activeDays: number; weeks: number; events: number; tags: number };
  members: DashboardMembers;
  networks: number;
  openReports: number;
  /** The last `periods.weeks` weeks, oldest first, the current (partial) week last. */
  activity: DashboardWeek[];
  /** The most recent events that have started, newest first. */
  events: DashboardEvent[];
  /** The most used tags on threads and resources created in the last `periods.weeks` weeks. */
  topTags: DashboardTag[];
}
