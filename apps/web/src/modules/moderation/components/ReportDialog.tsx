import { Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_REASONS, type ReportReason, type ReportTargetType } from '@praxis/contracts';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { moderationApi } from '../api/moderation-api';

export const REPORT_NOTE_MAX = 2000;

export interface ReportDialogProps {
  targetType: ReportTargetType;
  targetId: string;
  opened: boolean;
  onClose: () => void;
}

/**
 * Report a post, thread, resource, event or member (SPEC M1): a reason and an optional note for the
 * moderators. Reporting the same thing again updates one's earlier report (the API keeps one).
 */
export function ReportDialog({ targetType, targetId, opened, onClose }: ReportDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [missingReason, setMissingReason] = useState(false);

  const send = useMutation({
    mutationFn: () => moderationApi.report({ targetType, targetId, reason: reason!, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => {
      notifications.show({ color: 'teal', title: t('moderation.report.sentTitle'), message: t('moderation.report.sentBody') });
      close();
    },
  });

  function close() {
    setReason(null);
    setNote('');
    setMissingReason(false);
    send.reset();
    onClose();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t(`moderation.report.title.${targetType}`)}
      closeButtonProps={{ 'aria-label': t('moderation.close') }}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reason) {
            setMissingReason(true);
            return;
          }
          send.mutate();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('moderation.report.intro')}
          </Text>
          <Radio.Group
            label={t('moderation.report.reasonLabel')}
            required
            value={reason}
            onChange={(value) => {
              setReason(value as ReportReason);
              setMissingReason(false);
            }}
            error={missingReason ? t('moderation.report.reasonMissing') : undefined}
          >
            <Stack gap="sm" mt="xs">
              {REPORT_REASONS.map((value) => (
                <Radio key={value} value={value} label={t(`moderation.reasons.${value}`)} description={t(`moderation.reasonHelp.${value}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('moderation.report.noteLabel')}
            description={t('moderation.report.noteHelp')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            maxLength={REPORT_NOTE_MAX}
            autosize
            minRows={3}
            maxRows={8}
          />
          <ErrorAlert error={send.error} title={t('moderation.report.failed')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={send.isPending}>
              {t('moderation.report.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
