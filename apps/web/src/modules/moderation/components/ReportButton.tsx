import { Button, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFlag } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReportTargetType } from '@praxis/contracts';
import { ReportDialog } from './ReportDialog';

export interface ReportButtonProps {
  targetType: ReportTargetType;
  targetId: string;
  /**
   * A fuller name for screen readers where several Report buttons share a page ("Report the post by
   * Amina"); it must start with the visible word (WCAG 2.5.3).
   */
  accessibleName?: string;
  /** `compact` sits among a post's small actions; the default sits in a page header. */
  compact?: boolean;
  variant?: ButtonProps['variant'];
}

/**
 * "Report" and its dialog, for any reportable thing (SPEC M1). Pages show it only on other
 * people's content: the caller decides, as it knows who wrote what.
 */
export function ReportButton({ targetType, targetId, accessibleName, compact = false, variant }: ReportButtonProps) {
  const { t } = useTranslation();
  const [opened, dialog] = useDisclosure(false);
  return (
    <>
      <Button
        variant={variant ?? (compact ? 'subtle' : 'default')}
        size={compact ? 'compact-sm' : 'sm'}
        leftSection={<IconFlag size={compact ? 14 : 16} aria-hidden />}
        onClick={dialog.open}
        aria-label={accessibleName}
        aria-haspopup="dialog"
      >
        {t('moderation.report.button')}
      </Button>
      <ReportDialog targetType={targetType} targetId={targetId} opened={opened} onClose={dialog.close} />
    </>
  );
}
