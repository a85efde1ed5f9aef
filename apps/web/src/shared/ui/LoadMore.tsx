import { Button, Center } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Center mt="lg">
      <Button variant="default" onClick={onLoad} loading={loading}>
        {t('common.loadMore')}
      </Button>
    </Center>
  );
}
