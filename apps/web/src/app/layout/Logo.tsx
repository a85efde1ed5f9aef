import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useHubInfo } from '../../shared/hub/hub-info';

/** The mark and the hub's name as its admins set it (D2); the layout's fetch also fills page titles. */
export function Logo() {
  const { t } = useTranslation();
  const hub = useHubInfo();
  return (
    <Group gap={10} wrap="nowrap">
      <svg width="32" height="32" viewBox="0 0 64 64" aria-hidden focusable="false">
        <rect width="64" height="64" rx="14" fill="#1f4e5f" />
        <path d="M20 48V16h14a10 10 0 0 1 0 20h-8v12z" fill="none" stroke="#fff" strokeWidth="6" strokeLinejoin="round" />
      </svg>
      <Text fw={700} fz={20} c="praxis.9" lh={1} truncate maw={{ base: 160, sm: 360 }}>
        {hub.data?.hubName ?? t('app.name')}
      </Text>
    </Group>
  );
}
