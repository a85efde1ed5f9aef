import { Anchor, Badge, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_TYPES, type DirectoryQuery, type OrganisationType } from '@praxis/contracts';
import { countryName, countryOptions } from '../../../shared/format/countries';
import { languageName, languageOptions } from '../../../shared/format/languages';
import { ErrorAlert } from '../../../shared/ui/ErrorAlert';
import { LoadMore } from '../../../shared/ui/LoadMore';
import { MemberAvatar } from '../../../shared/ui/MemberAvatar';
import { PageHeader } from '../../../shared/ui/PageHeader';
import { membersApi } from '../api/members-api';

type Filter = 'q' | 'organisationType' | 'country' | 'expertise' | 'language';

export function DirectoryPage() {
  const { t, i18n } = useTranslation();
  // Filters live in the URL so a search can be shared, bookmarked and survives "back".
  const [params, setParams] = useSearchParams();
  const value = (key: Filter) => params.get(key) ?? '';
  const setFilter = (key: Filter, next: string | null) => {
    const copy = new URLSearchParams(params);
    if (next) copy.set(key, next);
    else copy.delete(key);
    setParams(copy, { replace: true });
  };
  const [q] = useDebouncedValue(value('q'), 300);
  const [expertise] = useDebouncedValue(value('expertise'), 300);
  const query: DirectoryQuery = {
    q: q || undefined,
    organisationType: (value('organisationType') || undefined) as OrganisationType | undefined,
    country: value('country') || undefined,
    expertise: expertise || undefined,
    language: value('language') || undefined,
  };

  const members = useInfiniteQuery({
    queryKey: ['members', query],
    queryFn: ({ pageParam, signal }) => membersApi.list({ ...query, cursor: pageParam ?? undefined, limit: 24 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];

  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const languages = useMemo(() => languageOptions(i18n.language), [i18n.language]);

  return (
    <Stack gap="lg">
      <PageHeader title={t('directory.title')} description={t('directory.intro')} />
      <Paper withBorder p="md">
        <form role="search" aria-label={t('directory.searchLabel')} onSubmit={(event) => event.preventDefault()}>
          <Stack gap="sm">
            <TextInput
              label={t('directory.search')}
              placeholder={t('directory.searchPlaceholder')}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={value('q')}
              onChange={(event) => setFilter('q', event.currentTarget.value)}
              type="search"
            />
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Select
                label={t('fields.organisationType')}
                placeholder={t('directory.any')}
                data={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`organisationTypes.${type}`) }))}
                value={value('organisationType') || null}
                onChange={(next) => setFilter('organisationType', next)}
                clearable
              />
              <Select
                label={t('fields.country')}
                placeholder={t('directory.any')}
                data={countries}
                value={value('country') || null}
                onChange={(next) => setFilter('country', next)}
                searchable
                clearable
              />
              <TextInput
                label={t('fields.expertise')}
                placeholder={t('directory.expertisePlaceholder')}
                value={value('expertise')}
                onChange={(event) => setFilter('expertise', event.currentTarget.value)}
              />
              <Select
                label={t('directory.language')}
                placeholder={t('directory.any')}
                data={languages}
                value={value('language') || null}
                onChange={(next) => setFilter('language', next)}
                searchable
                clearable
              />
            </SimpleGrid>
          </Stack>
        </form>
      </Paper>

      <ErrorAlert error={members.error} />
      {members.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={128} />
          ))}
        </SimpleGrid>
      ) : items.length === 0 && !members.isError ? (
        <Paper withBorder p="xl">
          <Text ta="center" c="dimmed">
            {t('directory.empty')}
          </Text>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-live="polite">
          {items.map((member) => (
            <Paper key={member.id} withBorder p="md" component="li">
              <Group wrap="nowrap" align="flex-start" gap="md">
                <MemberAvatar url={member.avatarUrl} name={member.displayName} size={48} />
                <Stack gap={2} miw={0}>
                  <Anchor component={Link} to={`/members/${member.id}`} fw={600} truncate>
                    {member.displayName}
                  </Anchor>
                  <Text size="sm" c="dimmed" truncate>
                    {member.jobTitle} · {member.organisation}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {countryName(member.country, i18n.language)}
                  </Text>
                  <Group gap={4} mt={4}>
                    <Badge variant="light" size="sm">
                      {t(`organisationTypes.${member.organisationType}`)}
                    </Badge>
                    {member.languages.slice(0, 3).map((code) => (
                      <Badge key={code} variant="outline" color="gray" size="sm">
                        {languageName(code, i18n.language)}
                      </Badge>
                    ))}
                  </Group>
                </Stack>
              </Group>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      <LoadMore hasMore={Boolean(members.hasNextPage)} loading={members.isFetchingNextPage} onLoad={() => void members.fetchNextPage()} />
    </Stack>
  );
}
