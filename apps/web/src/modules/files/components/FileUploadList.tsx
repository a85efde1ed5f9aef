import { ActionIcon, Button, FileButton, Group, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconFileText, IconRefresh, IconUpload, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileInfo } from '@praxis/contracts';
import { formatFileSize } from '../../../shared/format/dates';
import { useErrorMessage } from '../../../shared/ui/ErrorAlert';
import { ACCEPTED_FILE_TYPES, checkFile, MAX_UPLOAD_BYTES, uploadFile, type UploadHandle } from '../api/files-api';

interface UploadItem {
  key: string;
  file: File;
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  result?: FileInfo;
  error?: string;
  handle?: UploadHandle;
}

/**
 * Uploads files one by one through POST /api/v1/files (K2) with a progress bar each, and reports
 * the ids of the finished uploads, which the form then attaches. A refused file keeps its row with
 * the reason and a retry.
 */
export function FileUploadList({ onChange, max = 20, label }: { onChange: (files: FileInfo[], busy: boolean) => void; max?: number; label: string }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [items, setItems] = useState<UploadItem[]>([]);
  const counter = useRef(0);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    onChangeRef.current(
      items.filter((i) => i.status === 'done' && i.result).map((i) => i.result!),
      items.some((i) => i.status === 'uploading'),
    );
  }, [items]);
  useEffect(() => () => items.forEach((i) => i.handle?.abort()), []); // eslint-disable-line react-hooks/exhaustive-deps

  const patch = (key: string, change: Partial<UploadItem>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const start = (key: string, file: File) => {
    const problem = checkFile(file);
    if (problem) {
      patch(key, {
        status: 'failed',
        error: t(`files.problems.${problem}`, { max: formatFileSize(MAX_UPLOAD_BYTES, i18n.language) }),
      });
      return;
    }
    const handle = uploadFile(file, (fraction) => patch(key, { progress: fraction }));
    patch(key, { status: 'uploading', progress: 0, error: undefined, handle });
    handle.promise.then(
      (result) => patch(key, { status: 'done', progress: 1, result, handle: undefined }),
      (error: unknown) => {
        if ((error as Error)?.name === 'AbortError') return;
        patch(key, { status: 'failed', error: errorMessage(error), handle: undefined });
      },
    );
  };

  const add = (files: File[]) => {
    const room = Math.max(0, max - items.length);
    const next = files.slice(0, room).map((file) => ({ key: `u${(counter.current += 1)}`, file, progress: 0, status: 'uploading' as const }));
    setItems((list) => [...list, ...next]);
    // Start after the rows exist so progress has somewhere to go.
    queueMicrotask(() => next.forEach((item) => start(item.key, item.file)));
  };

  const remove = (item: UploadItem) => {
    item.handle?.abort();
    setItems((list) => list.filter((i) => i.key !== item.key));
  };

  return (
    <Stack gap="xs">
      <Group gap="sm">
        <FileButton onChange={add} accept={ACCEPTED_FILE_TYPES} multiple>
          {(props) => (
            <Button {...props} variant="default" leftSection={<IconUpload size={18} aria-hidden />} disabled={items.length >= max}>
              {label}
            </Button>
          )}
        </FileButton>
        <Text fz="xs" c="dimmed">
          {t('files.accepted', { max: formatFileSize(MAX_UPLOAD_BYTES, i18n.language) })}
        </Text>
      </Group>
      {items.map((item) => {
        const percent = Math.round(item.progress * 100);
        return (
          <Paper key={item.key} withBorder p="sm">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
                <IconFileText size={22} aria-hidden style={{ flexShrink: 0 }} />
                <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs" justify="space-between" wrap="nowrap">
                    <Text fz="sm" fw={500} truncate>
                      {item.file.name}
                    </Text>
                    <Text fz="xs" c={item.status === 'failed' ? 'red.8' : 'dimmed'} style={{ flexShrink: 0 }} aria-live="polite">
                      {item.status === 'uploading'
                        ? t('files.uploading', { percent })
                        : item.status === 'done'
                          ? t('files.uploaded', { size: formatFileSize(item.result?.size ?? item.file.size, i18n.language) })
                          : t('files.failed')}
                    </Text>
                  </Group>
                  {item.status !== 'failed' ? (
                    <Progress
                      value={item.status === 'done' ? 100 : percent}
                      color={item.status === 'done' ? 'teal' : 'praxis'}
                      size="sm"
                      animated={item.status === 'uploading'}
                      aria-label={t('files.progressLabel', { name: item.file.name })}
                    />
                  ) : (
                    <Text fz="xs" c="red.8" role="alert">
                      {item.error}
                    </Text>
                  )}
                </Stack>
              </Group>
              <Group gap={4} wrap="nowrap">
                {item.status === 'failed' && !checkFile(item.file) ? (
                  <Tooltip label={t('files.retry')}>
                    <ActionIcon variant="default" onClick={() => start(item.key, item.file)} aria-label={t('files.retryNamed', { name: item.file.name })}>
                      <IconRefresh size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                ) : null}
                <Tooltip label={item.status === 'uploading' ? t('files.cancelUpload') : t('files.remove')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray.8"
                    onClick={() => remove(item)}
                    aria-label={item.status === 'uploading' ? t('files.cancelUploadNamed', { name: item.file.name }) : t('files.removeNamed', { name: item.file.name })}
                  >
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
