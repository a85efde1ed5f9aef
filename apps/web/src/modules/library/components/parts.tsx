import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconFiles, IconLink, IconStar } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ResourceKind, ResourceSummary } from '@praxis/contracts';
import { countryName } from '../../../shared/format/countries';
import { formatDate } from '../../../shared/format/dates';
import { languageName } from '../../../shared/format/languages';
import { KIND_COLORS, OTHER_LANGUAGE } from '../lib/resources';

export function ResourceKindBadge({ kind }: { kind: ResourceKind }) {
  const { t } = useTranslation();
  return (
    // No text colour of its own: the theme's light-badge colour is the one made to read at 4.5:1 (teal.9 is not).
    <Badge variant="light" color={KIND_COLORS[kind]} radius="sm">
      {t(`library.kinds.${kind}`)}
    </Badge>
  );
}

/** "Featured": a light badge, whose text the theme keeps readable (yellow.9 on white is 2.6:1). */
export function FeaturedBadge() {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="yellow" leftSection={<IconStar size={12} aria-hidden />} radius="sm">
      {t('library.featured')}
    </Badge>
  );
}

/** A language code in words ("other" included). */
export function useLanguageLabel() {
  const { t, i18n } = useTranslation();
  return (code: string | null | undefined) => (!code ? '' : code === OTHER_LANGUAGE ? t('library.languages.other') : languageName(code, i18n.language));
}

/** Countries are ISO codes or free region names ("West Africa"): codes are named, names shown as written. */
export function usePlaceLabel() {
  const { i18n } = useTranslation();
  return (value: string) => (/^[A-Z]{2}$/.test(value) ? countryName(value, i18n.language) : value);
}

/** A publication date (YYYY-MM-DD) is a calendar day: formatted in UTC so no time zone moves it. */
export function formatPublishedOn(day: string | null, language: string): string {
  return day ? formatDate(`${day}T00:00:00Z`, language, 'UTC') : '';
}

export function ResourceCard({ resource, showNetwork = true }: { resource: ResourceSummary; showNetwork?: boolean }) {
  const { t, i18n } = useTranslation();
  const language = useLanguageLabel();
  const place = usePlaceLabel();
  const headingId = `resource-${resource.id}-title`;
  return (
    <Paper component="li" withBorder p="md" radius="md" aria-labelledby={headingId}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <ResourceKindBadge kind={resource.kind} />
          {resource.featured ? <FeaturedBadge /> : null}
          <Text size="xs" c="dimmed">
            {language(resource.language)}
          </Text>
        </Group>
        <Anchor component={Link} to={`/resources/${resource.id}`} fw={700} id={headingId}>
          {resource.title}
        </Anchor>
        <Group gap="md" wrap="wrap">
          {resource.publishedOn ? (
            <Text size="xs" c="dimmed" component="time" dateTime={resource.publishedOn}>
              {t('library.card.published', { date: formatPublishedOn(resource.publishedOn, i18n.language) })}
            </Text>
          ) : null}
          {showNetwork ? (
            <Text size="xs" c="dimmed">
              {resource.network ? (
                <Anchor component={Link} to={`/networks/${resource.network.slug}`} size="xs" inherit>
                  {resource.network.name}
                </Anchor>
              ) : (
                t('library.hubWide')
              )}
            </Text>
          ) : null}
          {resource.fileCount ? (
            <Group gap={4}>
              <IconFiles size={14} aria-hidden />
              <Text size="xs" c="dimmed">
                {t('library.card.files', { count: resource.fileCount })}
              </Text>
            </Group>
          ) : null}
          {resource.hasUrl ? (
            <Group gap={4}>
              <IconLink size={14} aria-hidden />
              <Text size="xs" c="dimmed">
                {t('library.card.link')}
              </Text>
            </Group>
          ) : null}
        </Group>
        {resource.countries.length || resource.tags.length ? (
          <Group gap={6} wrap="wrap">
            {resource.countries.map((c) => (
              <Badge key={`c-${c}`} variant="light" color="gray" c="gray.8" tt="none" radius="sm">
                {place(c)}
              </Badge>
            ))}
            {resource.tags.map((tag) => (
              <Badge key={`t-${tag}`} variant="outline" color="gray" tt="none">
                #{tag}
              </Badge>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
