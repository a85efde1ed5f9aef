import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileInfo } from '@praxis/contracts';
import { formatFileSize } from '../../../shared/format/dates';
import { useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { downloadViaSignedLink } from '../api/files-api';

/** Downloads a permission-checked file through a fresh signed link; a refusal is told in a notification. */
export function FileDownloadButton({ file, locale }: { file: FileInfo; locale: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadViaSignedLink(file.id, file.name);
    } catch (error) {
      notifications.show({ color: 'red', title: t('files.downloadFailed'), message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="default"
      size="sm"
      leftSection={<IconDownload size={16} aria-hidden />}
      loading={busy}
      onClick={() => void download()}
      aria-label={t('files.downloadNamed', { name: file.name, size: formatFileSize(file.size, locale) })}
    >
      {t('files.download')}
    </Button>
  );
}
