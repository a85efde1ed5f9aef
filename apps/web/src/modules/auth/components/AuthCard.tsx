import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../../../shared/ui/usePageTitle';

/** The narrow, centred card every single-purpose auth page uses. */
export function AuthCard({ title, description, children, width = 460 }: { title: string; description?: ReactNode; children: ReactNode; width?: number }) {
  usePageTitle(title);
  return (
    <Paper withBorder shadow="xs" p={{ base: 'lg', sm: 'xl' }} maw={width} mx="auto" mt={{ base: 'md', sm: 40 }}>
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={1} fz={26}>
            {title}
          </Title>
          {description ? <Text c="dimmed">{description}</Text> : null}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}
