import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function Logo() {
  const { t } = useTranslation();
  return (
    <Group gap={10} wrap="nowrap">
      <svg width="32" height="32" viewBox="0 0 64 64" aria-hidden focusable="false">
        <rect width="64" height="64" rx="14" fill="#1f4e5f" />
        <path d="M20 48V16h14a10 10 0 0 1 0 20h-8v12z" fill="none" stroke="#fff" strokeWidth="6" strokeLinejoin="round" />
      </svg>
      <Text fw={700} fz={20} c="praxis.9" lh={1}>
        {t('app.name')}
      </Text>
    </Group>
  );
}
