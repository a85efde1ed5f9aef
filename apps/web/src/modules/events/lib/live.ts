import type { EventChatMessage, EventQuestion } from '@praxis/contracts';

/** Questions as attendees see them: most votes first, then the oldest (E6). */
export function sortQuestions(questions: EventQuestion[]): EventQuestion[] {
  return [...questions].sort((a, b) => b.votes - a.votes || Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * Applies a created or updated question to a list. Idempotent (the same question twice changes
 * nothing), so a REST snapshot and live events can overlap. Whether the member voted comes from
 * the REST answers only and survives later room events. Hidden questions leave the list of
 * people who may not moderate.
 */
export function upsertQuestion(list: EventQuestion[], question: EventQuestion, includeHidden: boolean): EventQuestion[] {
  const previous = list.find((q) => q.id === question.id);
  const rest = list.filter((q) => q.id !== question.id);
  if (question.status === 'hidden' && !includeHidden) return rest;
  // Room events carry no `votedByMe` (they go to everyone): keep what the member's own REST answers said.
  const merged = question.votedByMe === undefined && previous?.votedByMe !== undefined ? { ...question, votedByMe: previous.votedByMe } : question;
  return sortQuestions([...rest, merged]);
}

/** Adds a chat message once, in time order, keeping the latest `limit`. */
export function appendChat(list: EventChatMessage[], message: EventChatMessage, limit = 300): EventChatMessage[] {
  if (list.some((m) => m.id === message.id)) return list;
  const next = [...list, message].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return next.length > limit ? next.slice(next.length - limit) : next;
}

export type DraftStatus = 'idle' | 'sending' | 'failed';

export interface DraftState {
  body: string;
  /** Kept from the first attempt until the text is sent or changed, so a retry creates nothing twice (R4). */
  clientId: string | null;
  status: DraftStatus;
  error: unknown;
}

export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Not a secret, only a de-duplication key.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * A composer's draft (chat message or question) and its sending (SPEC R4b): the text is never
 * lost when sending fails, and a retry sends the same clientId so the server returns the first
 * record instead of creating a second one. Editing the text after a failure makes it a new
 * message with a new clientId.
 */
export class DraftSender<R> {
  private state: DraftState = { body: '', clientId: null, status: 'idle', error: null };
  private readonly listeners = new Set<() => void>();

  constructor(
    private send: (body: string, clientId: string) => Promise<R>,
    private readonly makeId: () => string = newClientId,
  ) {}

  getState = (): DraftState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The page's current way of sending (it may close over new props). */
  setSend(send: (body: string, clientId: string) => Promise<R>): void {
    this.send = send;
  }

  setBody(body: string): void {
    if (this.state.status === 'sending' || body === this.state.body) return;
    // A changed text is a different message: it must not reuse the failed one's clientId.
    this.set({ body, clientId: null, status: 'idle', error: null });
  }

  /** Sends the draft (or re-sends it after a failure, with the same clientId). */
  async submit(): Promise<R | null> {
    const body = this.state.body.trim();
    if (!body || this.state.status === 'sending') return null;
    const clientId = this.state.clientId ?? this.makeId();
    this.set({ ...this.state, clientId, status: 'sending', error: null });
    try {
      const result = await this.send(body, clientId);
      this.set({ body: '', clientId: null, status: 'idle', error: null });
      return result;
    } catch (error) {
      this.set({ ...this.state, clientId, status: 'failed', error });
      return null;
    }
  }

  private set(next: DraftState) {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
