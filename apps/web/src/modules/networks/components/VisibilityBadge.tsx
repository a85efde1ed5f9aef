import { Badge } from '@mantine/core';
import { IconEyeOff, IconLock, IconWorld } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NetworkVisibility } from '@praxis/contracts';

const ICONS = { open: IconWorld, restricted: IconLock, hidden: IconEyeOff } as const;
const COLORS = { open: 'teal', restricted: 'orange', hidden: 'gray' } as const;

/** open / restricted / hidden (SPEC N1), with a word and not only a colour. */
export function VisibilityBadge({ visibility }: { visibility: NetworkVisibility }) {
  const { t } = useTranslation();
  const Icon = ICONS[visibility];
  return (
    <Badge variant="light" color={COLORS[visibility]} style={{ flexShrink: 0 }} leftSection={<Icon size={12} aria-hidden />} title={t(`networks.visibilityHelp.${visibility}`)}>
      {t(`networks.visibility.${visibility}`)}
    </Badge>
  );
}
