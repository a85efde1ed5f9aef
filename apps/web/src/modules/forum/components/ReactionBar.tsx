import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core';
import { IconMoodPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { REACTIONS, type Reaction, type ReactionCount } from '@praxis/contracts';
import { REACTION_EMOJI } from '../reactions';

/** Reaction counts as toggle buttons (aria-pressed), and a menu with the six reactions. */
export function ReactionBar({ reactions, onToggle, disabled }: { reactions: ReactionCount[]; onToggle: (reaction: Reaction, on: boolean) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const byName = new Map(reactions.map((r) => [r.reaction, r]));
  const shown = REACTIONS.filter((r) => (byName.get(r)?.count ?? 0) > 0);
  return (
    <Group gap={6} wrap="wrap">
      {shown.map((reaction) => {
        const current = byName.get(reaction)!;
        const name = t(`forum.reactions.${reaction}`);
        return (
          <Button
            key={reaction}
            size="compact-sm"
            radius="xl"
            variant={current.mine ? 'light' : 'default'}
            aria-pressed={current.mine}
            aria-label={t('forum.reactions.count', { name, count: current.count })}
            disabled={disabled}
            onClick={() => onToggle(reaction, !current.mine)}
            data-reaction={reaction}
          >
            <span aria-hidden>{REACTION_EMOJI[reaction]}</span>&nbsp;{current.count}
          </Button>
        );
      })}
      {!disabled ? (
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Tooltip label={t('forum.reactions.add')} withinPortal>
              <ActionIcon variant="subtle" color="gray" aria-label={t('forum.reactions.add')} radius="xl">
                <IconMoodPlus size={18} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Menu.Target>
          <Menu.Dropdown>
            {REACTIONS.map((reaction) => {
              const mine = byName.get(reaction)?.mine ?? false;
              return (
                <Menu.Item key={reaction} leftSection={<span aria-hidden>{REACTION_EMOJI[reaction]}</span>} onClick={() => onToggle(reaction, !mine)}>
                  {mine ? t('forum.reactions.remove', { name: t(`forum.reactions.${reaction}`) }) : t(`forum.reactions.${reaction}`)}
                </Menu.Item>
              );
            })}
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </Group>
  );
}
