/** Shapes of events (E1–E7) as stored and as answered over REST. */

export type EventKind = 'briefing' | 'webinar' | 'meeting' | 'workshop';
export type RegistrationMode = 'open' | 'approval' | 'invite';
export type EventVisibility = 'network' | 'members' | 'public';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'pending' | 'invited' | 'rejected' | 'cancelled';
export type QuestionStatus = 'open' | 'answered' | 'hidden';

export interface Speaker {
  /** A member speaker; name and affiliation are taken from the profile when answered. */
  userId?: string | null;
  name: string;
  affiliation?: string | null;
}

export interface AgendaItem {
  /** Local time in the event's zone, HH:MM. */
  time: string;
  title: string;
  speakers: string[];
}

export interface FollowUpResource {
  title: string;
  url: string;
}

export interface EventRow {
  id: string;
  networkId: string | null;
  title: string;
  description: string;
  kind: EventKind;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  languages: string[];
  agenda: AgendaItem[];
  speakers: Speaker[];
  capacity: number | null;
  registrationMode: RegistrationMode;
  meetingUrl: string | null;
  visibility: EventVisibility;
  liveStartedAt: Date | null;
  liveEndedAt: Date | null;
  recordingUrl: string | null;
  followUp: FollowUpResource[];
  threadId: string | null;
  /** E7: kept when the session ended or the hosts published the summary. */
  summary: EventSummaryRecord | null;
  summaryPostId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RegistrationView {
  status: RegistrationStatus;
  position?: number;
}

export interface QuestionRow {
  id: string;
  eventId: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  status: QuestionStatus;
  votes: number;
  createdAt: Date;
  /** Only when read for one viewer (REST answers). */
  votedByMe?: boolean;
}

export interface ChatRow {
  id: string;
  eventId: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

/** What stays on the event after its session (E7), as stored in events.summary. */
export interface EventSummaryRecord {
  recordedAt: string;
  answeredQuestions: { id: string; eventId: string; body: string; status: QuestionStatus; votes: number; author: { id: string; displayName: string | null } | null; createdAt: string }[];
  attendance: { registered: number; attended: number };
}
