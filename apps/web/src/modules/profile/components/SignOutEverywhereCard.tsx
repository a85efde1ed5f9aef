import { Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api/client';
import { useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { profileApi } from '../api/profile-api';

/** A3: end every session of mine, this one included (a lost device, a shared computer). */
export function SignOutEverywhereCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [opened, { open, close }] = useDisclosure(false);
  const signOutAll = useMutation({
    mutationFn: profileApi.logoutEverywhere,
    // This session ended with the others: leave the app as after signing out.
    onSuccess: () => api.endSession(),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="sign-out-everywhere-title">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Stack gap={4} maw={560}>
          <Title order={2} size="h4" id="sign-out-everywhere-title">
            {t('sessions.revokeAll')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sessions.revokeAllIntro')}
          </Text>
        </Stack>
        <Button variant="outline" color="red.9" onClick={open}>
          {t('sessions.revokeAll')}
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title={t('sessions.revokeAllConfirmTitle')} centered>
        <Stack>
          <Text>{t('sessions.revokeAllConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('sessions.cancel')}
            </Button>
            <Button color="red.9" loading={signOutAll.isPending} onClick={() => signOutAll.mutate()}>
              {t('sessions.revokeAll')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
