import { ActionIcon, Alert, Badge, Button, Group, Menu, Paper, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBigUp, IconArrowBigUpFilled, IconCheck, IconDots, IconEye, IconEyeOff, IconRefresh, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventChatMessage, EventQuestion, QuestionStatus } from '@praxis/contracts';
import { useCurrentUser } from '../../../shared/auth/AuthProvider';
import { useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { eventsApi } from '../api/events-api';
import { useDraft } from '../hooks/useDraft';
import { formatTime } from '../lib/time';
import { useViewerZone, useDateLocale } from './parts';
import classes from './events.module.css';

const MAX_BODY = 2000;

function Composer({
  label, placeholder, submitLabel, send, disabled,
}: {
  label: string;
  placeholder: string;
  submitLabel: string;
  send: (body: string, clientId: string) => Promise<unknown>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { state, sender } = useDraft(send);
  const tooLong = state.body.length > MAX_BODY;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!tooLong) void sender.submit();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap={6}>
        <Textarea
          label={label}
          placeholder={placeholder}
          value={state.body}
          onChange={(e) => sender.setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          autosize
          minRows={2}
          maxRows={6}
          disabled={disabled}
          readOnly={state.status === 'sending'}
          error={tooLong ? t('events.validation.tooLong', { max: MAX_BODY }) : undefined}
          description={t('events.live.enterToSend')}
        />
        {state.status === 'failed' ? (
          <Alert color="red" variant="light" p="xs" role="alert">
            <Group justify="space-between" gap="xs">
              <Text fz="sm">{t('events.live.notSent', { reason: errorMessage(state.error) })}</Text>
              <Button size="xs" variant="white" color="red.8" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => void sender.submit()}>
                {t('events.live.retry')}
              </Button>
            </Group>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" size="sm" loading={state.status === 'sending'} disabled={disabled || !state.body.trim() || tooLong} rightSection={<IconSend size={16} aria-hidden />}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function QuestionsPanel({
  eventId, questions, canAsk, moderate, onQuestion,
}: {
  eventId: string;
  questions: EventQuestion[];
  canAsk: boolean;
  moderate: boolean;
  onQuestion: (question: EventQuestion) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState<string | null>(null);

  const vote = async (question: EventQuestion) => {
    if (question.votedByMe) return;
    setBusy(question.id);
    try {
      // The answer says votedByMe: the server, not this device, remembers the member's votes.
      onQuestion((await eventsApi.vote(question.id)).question);
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const setStatus = async (question: EventQuestion, status: QuestionStatus) => {
    setBusy(question.id);
    try {
      onQuestion((await eventsApi.setQuestionStatus(question.id, status)).question);
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const visible = moderate ? questions : questions.filter((q) => q.status !== 'hidden');
  const open = visible.filter((q) => q.status === 'open').length;

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="qa-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg" id="qa-heading">
          {t('events.qa.title')}
        </Title>
        <Badge variant="light" c="praxis.9" radius="sm">
          {t('events.qa.openCount', { count: open })}
        </Badge>
      </Group>
      {canAsk ? (
        <Composer
          label={t('events.qa.askLabel')}
          placeholder={t('events.qa.askPlaceholder')}
          submitLabel={t('events.qa.ask')}
          send={async (body, clientId) => onQuestion((await eventsApi.ask(eventId, body, clientId)).question)}
        />
      ) : null}
      <Stack gap="xs" mt="md" component="ol" className={classes.plainList} aria-label={t('events.qa.listLabel')}>
        {visible.length === 0 ? (
          <Text c="dimmed" fz="sm" component="li">
            {t('events.qa.none')}
          </Text>
        ) : null}
        {visible.map((question) => {
          const mine = question.votedByMe === true;
          return (
            <Paper
              key={question.id}
              withBorder
              p="sm"
              component="li"
              bg={question.status === 'hidden' ? 'gray.1' : question.status === 'answered' ? 'teal.0' : undefined}
              aria-label={t('events.qa.itemLabel', { name: question.author?.displayName ?? t('events.qa.formerMember'), count: question.votes })}
            >
              <Group align="flex-start" wrap="nowrap" gap="sm">
                <Stack gap={0} align="center" miw={44}>
                  {canAsk && question.status === 'open' && question.author?.id !== me.id ? (
                    <Tooltip label={mine ? t('events.qa.voted') : t('events.qa.upvote')}>
                      <ActionIcon
                        variant={mine ? 'filled' : 'default'}
                        aria-pressed={mine}
                        aria-label={mine ? t('events.qa.voted') : t('events.qa.upvoteNamed', { body: question.body.slice(0, 60) })}
                        onClick={() => void vote(question)}
                        loading={busy === question.id}
                        disabled={mine}
                      >
                        {mine ? <IconArrowBigUpFilled size={18} aria-hidden /> : <IconArrowBigUp size={18} aria-hidden />}
                      </ActionIcon>
                    </Tooltip>
                  ) : null}
                  <Text fw={700} fz="sm">
                    {question.votes}
                  </Text>
                  <Text fz={11} c="dimmed">
                    {t('events.qa.votes', { count: question.votes })}
                  </Text>
                </Stack>
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Text fz="sm" className={classes.prose}>
                    {question.body}
                  </Text>
                  <Group gap="xs">
                    <Text fz="xs" c="dimmed">
                      {question.author?.displayName ?? t('events.qa.formerMember')}
                    </Text>
                    {question.status !== 'open' ? (
                      <Badge size="xs" radius="sm" variant="outline" color={question.status === 'answered' ? 'teal.9' : 'gray.8'}>
                        {t(`events.qa.status.${question.status}`)}
                      </Badge>
                    ) : null}
                  </Group>
                </Stack>
                {moderate ? (
                  <Group gap={4} wrap="nowrap">
                    {question.status !== 'answered' ? (
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconCheck size={14} aria-hidden color="var(--mantine-color-teal-9)" />}
                        loading={busy === question.id}
                        onClick={() => void setStatus(question, 'answered')}
                        aria-label={t('events.qa.markAnsweredNamed', { body: question.body.slice(0, 60) })}
                      >
                        {t('events.qa.markAnswered')}
                      </Button>
                    ) : null}
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray.8" aria-label={t('events.qa.moreActions', { body: question.body.slice(0, 60) })}>
                          <IconDots size={16} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {question.status !== 'open' ? (
                          <Menu.Item leftSection={<IconEye size={14} aria-hidden />} onClick={() => void setStatus(question, 'open')}>
                            {question.status === 'hidden' ? t('events.qa.unhide') : t('events.qa.reopen')}
                          </Menu.Item>
                        ) : null}
                        {question.status !== 'hidden' ? (
                          <Menu.Item leftSection={<IconEyeOff size={14} aria-hidden />} color="red.8" onClick={() => void setStatus(question, 'hidden')}>
                            {t('events.qa.hide')}
                          </Menu.Item>
                        ) : null}
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                ) : null}
              </Group>
            </Paper>
          );
        })}
      </Stack>
    </Paper>
  );
}

export function ChatPanel({ eventId, messages, canWrite, onMessage }: { eventId: string; messages: EventChatMessage[]; canWrite: boolean; onMessage: (m: EventChatMessage) => void }) {
  const { t } = useTranslation();
  const dateLocale = useDateLocale();
  const zone = useViewerZone();
  const me = useCurrentUser();
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    // Follow new messages only when the reader is already at the bottom: never move their place.
    const el = log.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="chat-heading">
      <Title order={2} fz="lg" mb="sm" id="chat-heading">
        {t('events.chat.title')}
      </Title>
      <div
        ref={log}
        className={classes.chatLog}
        role="log"
        aria-live="off"
        aria-label={t('events.chat.logLabel')}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {messages.length === 0 ? (
          <Text c="dimmed" fz="sm">
            {t('events.chat.none')}
          </Text>
        ) : null}
        {messages.map((m) => (
          <div key={m.id}>
            <Group gap={6}>
              <Text fz="xs" fw={700} c={m.author?.id === me.id ? 'praxis.8' : undefined}>
                {m.author?.displayName ?? t('events.qa.formerMember')}
              </Text>
              <Text fz="xs" c="dimmed">
                {formatTime(m.createdAt, dateLocale, zone)}
              </Text>
            </Group>
            <Text fz="sm" className={classes.prose}>
              {m.body}
            </Text>
          </div>
        ))}
      </div>
      {canWrite ? (
        <Stack mt="sm">
          <Composer
            label={t('events.chat.label')}
            placeholder={t('events.chat.placeholder')}
            submitLabel={t('events.chat.send')}
            send={async (body, clientId) => onMessage((await eventsApi.sendChat(eventId, body, clientId)).message)}
          />
        </Stack>
      ) : null}
    </Paper>
  );
}
