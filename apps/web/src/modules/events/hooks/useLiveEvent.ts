import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventChatMessage, EventDetail, EventQuestion } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { eventsApi, type RoomEventItem } from '../api/events-api';
import { appendChat, sortQuestions, upsertQuestion } from '../lib/live';
import { useBatchedAnnouncer } from './useAnnouncer';
import { useEventRoom, type RoomStatus } from './useEventRoom';

export interface LiveEventState {
  questions: EventQuestion[];
  chat: EventChatMessage[];
  attendeeCount: number;
  room: RoomStatus;
  announcement: string;
  /** Applies a question this page wrote itself (the REST answer), before or after its room event. */
  putQuestion: (question: EventQuestion) => void;
  putChat: (message: EventChatMessage) => void;
  setAttendeeCount: (count: number) => void;
}

/**
 * The live state of an event for the live room and the host console: questions (hidden ones for
 * hosts), chat, attendee count, kept current through the `event:<id>` room, with batched polite
 * announcements of what others did.
 */
export function useLiveEvent(event: EventDetail, options: { host: boolean; chat: boolean }): LiveEventState {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const participant = event.canHost || event.myRegistration?.status === 'registered';
  const [questions, setQuestions] = useState<EventQuestion[]>([]);
  const [chat, setChat] = useState<EventChatMessage[]>([]);
  const [attendeeCount, setAttendeeCount] = useState(event.live.attendeeCount);
  const { message, announce } = useBatchedAnnouncer((counts) =>
    [
      counts.question ? t('events.announce.questions', { count: counts.question }) : null,
      counts.chat ? t('events.announce.messages', { count: counts.chat }) : null,
      counts.answered ? t('events.announce.answered', { count: counts.answered }) : null,
      counts.started ? t('events.announce.started') : null,
      counts.ended ? t('events.announce.ended') : null,
    ]
      .filter(Boolean)
      .join(' '),
  );

  // What the questions were when the last event came, to tell a newly answered question from a vote.
  const questionsRef = useRef<EventQuestion[]>([]);
  // Room events applied while a snapshot is loading are applied again on top of it, in order.
  const replay = useRef<RoomEventItem[] | null>(null);

  const applyItem = useCallback(
    (item: RoomEventItem, quiet = false) => {
      const payload = item.payload;
      switch (item.event) {
        case 'question.created':
        case 'question.updated': {
          const question = payload.question as EventQuestion;
          const previous = questionsRef.current.find((q) => q.id === question.id);
          questionsRef.current = upsertQuestion(questionsRef.current, question, true);
          setQuestions((list) => upsertQuestion(list, question, options.host));
          if (!quiet && question.author?.id !== me.id) {
            if (item.event === 'question.created') announce('question');
            else if (question.status === 'answered' && previous?.status !== 'answered') announce('answered');
          }
          break;
        }
        case 'chat.message': {
          const chatMessage = payload.message as EventChatMessage;
          setChat((list) => appendChat(list, chatMessage));
          if (!quiet && chatMessage.author?.id !== me.id) announce('chat');
          break;
        }
        case 'attendance.updated':
          if (typeof payload.attendeeCount === 'number') setAttendeeCount(payload.attendeeCount);
          break;
        case 'event.updated':
          void queryClient.invalidateQueries({ queryKey: ['events', 'detail', event.id] });
          if (!quiet && payload.live === true) announce('started');
          if (!quiet && payload.live === false) announce('ended');
          break;
        default:
          break;
      }
    },
    [announce, event.id, me.id, options.host, queryClient],
  );

  const loadSnapshots = useCallback(async () => {
    replay.current = [];
    try {
      const [q, c, detail] = await Promise.all([
        eventsApi.questions(event.id),
        options.chat ? eventsApi.chat(event.id) : Promise.resolve(null),
        eventsApi.get(event.id),
      ]);
      questionsRef.current = q.items;
      setQuestions(sortQuestions(q.items.filter((item) => options.host || item.status !== 'hidden')));
      if (c) setChat(c.items);
      setAttendeeCount(detail.live.attendeeCount);
      queryClient.setQueryData(['events', 'detail', event.id], detail);
      for (const item of replay.current ?? []) applyItem(item, true);
    } catch {
      // The lists stay as they were; the page shows the room state, and the next reconnection reloads.
    } finally {
      replay.current = null;
    }
  }, [applyItem, event.id, options.chat, options.host, queryClient]);

  const room = useEventRoom(event.id, participant, {
    apply: (item) => {
      replay.current?.push(item);
      applyItem(item);
    },
    onBaseline: () => void loadSnapshots(),
  });

  return {
    questions,
    chat,
    attendeeCount,
    room,
    announcement: message,
    putQuestion: (question) => setQuestions((list) => upsertQuestion(list, question, options.host)),
    putChat: (chatMessage) => setChat((list) => appendChat(list, chatMessage)),
    setAttendeeCount,
  };
}
