import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSyncState, type SyncState } from '../../realtime/socket';

const COLORS: Record<SyncState, string> = {
  offline: 'gray',
  connecting: 'gray',
  live: 'teal',
  reconnecting: 'orange',
  'catching-up': 'blue',
};

/** SPEC R4b: the connection's state, always visible, announced politely when it changes. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const state = useSyncState();
  if (state === 'offline') return null;
  return (
    <Tooltip label={t(`sync.${state}.hint`)} withinPortal>
      <Badge variant="dot" color={COLORS[state]} size="lg" role="status" aria-live="polite" visibleFrom="xs">
        {t(`sync.${state}.label`)}
      </Badge>
    </Tooltip>
  );
}
