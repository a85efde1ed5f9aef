/** Events (SPEC E1–E7) and files (K2) as the API answers them. */

export type EventKind = 'briefing' | 'webinar' | 'meeting' | 'workshop';
export type RegistrationMode = 'open' | 'approval' | 'invite';
export type EventVisibility = 'network' | 'members' | 'public';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'pending' | 'invited' | 'rejected' | 'cancelled';
export type QuestionStatus = 'open' | 'answered' | 'hidden';

export interface FileInfo {
  id: string;
  name: string;
  size: number;
  mimeType: string;
}

export interface FileLink {
  /** Relative to the API origin; valid about five minutes, for the caller only. */
  url: string;
  expiresAt: string;
}

export interface EventSpeaker {
  userId?: string | null;
  name: string;
  affiliation?: string | null;
}

export interface EventAgendaItem {
  /** HH:MM in the event's time zone. */
  time: string;
  title: string;
  speakers: string[];
}

export interface EventRegistration {
  status: RegistrationStatus;
  /** 1-based place on the waiting list. */
  position?: number;
}

export interface EventNetworkRef {
  id: string;
  name: string | null;
}

/** What visitors see of a public event. */
export interface PublicEventSummary {
  id: string;
  title: string;
  kind: EventKind;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  network: EventNetworkRef | null;
}

/** A calendar entry for members. */
export interface EventSummary extends PublicEventSummary {
  visibility: EventVisibility;
  registrationMode: RegistrationMode;
  languages: string[];
  live: boolean;
  myRegistration: EventRegistration | null;
}

export interface EventQuestion {
  id: string;
  eventId: string;
  body: string;
  status: QuestionStatus;
  votes: number;
  author: { id: string; displayName: string | null } | null;
  createdAt: string;
  /**
   * Whether the caller voted for it: in REST answers (question list, ask, vote, status change).
   * Absent from socket payloads and summaries, which go to everyone alike.
   */
  votedByMe?: boolean;
}

export interface EventChatMessage {
  id: string;
  eventId: string;
  body: string;
  author: { id: string; displayName: string | null } | null;
  createdAt: string;
}

export interface EventDetail extends PublicEventSummary {
  /** Markdown as the host wrote it (for editing). */
  description: string;
  /** The description rendered to sanitised HTML by the server (F10), for display. */
  descriptionHtml: string;
  languages: string[];
  agenda: EventAgendaItem[];
  speakers: EventSpeaker[];
  capacity: number | null;
  registrationMode: RegistrationMode;
  visibility: EventVisibility;
  /** Hosts always; registered attendees from 30 minutes before the start; otherwise null. */
  meetingUrl: string | null;
  hasMeetingUrl: boolean;
  registeredCount: number;
  waitlistCount: number;
  placesLeft: number | null;
  myRegistration: EventRegistration | null;
  canHost: boolean;
  live: { startedAt: string | null; endedAt: string | null; attendeeCount: number };
  attachments: FileInfo[];
  recordingUrl: string | null;
  followUp: { title: string; url: string }[];
  threadId: string | null;
  /**
   * Filled once the session ended (E7): from the summary kept on the event when the host ended the
   * session or published the summary, otherwise as the records stand now.
   */
  answeredQuestions: EventQuestion[];
  attendance: { registered: number; attended: number } | null;
  /** When the kept summary was taken, and the post in the linked thread it was published as (null if none). */
  summary?: { recordedAt: string; postId: string | null } | null;
}

/** POST /api/v1/events/:id/summary (hosts): keeps the summary on the event and publishes it to the linked thread. */
export interface EventSummaryResponse {
  answeredQuestions: EventQuestion[];
  attendance: { registered: number; attended: number };
  recordedAt: string;
  /** The linked discussion thread (created in the host network when none was linked), or null for a hub-wide event without one. */
  threadId: string | null;
  postId: string | null;
}

export interface CreateEventRequest {
  title: string;
  description?: string;
  kind: EventKind;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  capacity?: number | null;
  registrationMode: RegistrationMode;
  meetingUrl?: string | null;
  visibility: EventVisibility;
  networkId?: string | null;
  languages?: string[];
  agenda?: EventAgendaItem[];
  speakers?: EventSpeaker[];
  /** Own uploads (POST /files) to attach. */
  attachmentIds?: string[];
}

export interface UpdateEventRequest extends Partial<Omit<CreateEventRequest, 'networkId'>> {
  /** Moves a network's event to another network (the host must be able to host events there). */
  networkId?: string;
  recordingUrl?: string | null;
  followUp?: { title: string; url: string }[];
  threadId?: string | null;
}
