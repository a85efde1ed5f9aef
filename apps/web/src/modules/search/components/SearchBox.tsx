import { Combobox, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '@praxis/contracts';
import { searchApi } from '../api/search-api';
import { hitHref, SUGGEST_DEBOUNCE_MS, SUGGEST_MIN_CHARS } from '../lib/hits';

const optionValue = (hit: SearchHit) => `${hit.type}:${hit.id}`;

/**
 * The header's search box (SPEC S1): type-ahead suggestions grouped by type, from two characters on
 * and once typing pauses; arrows move through them, Enter opens the one picked or, with none picked,
 * the results page; Escape closes the list. Mantine's Combobox gives the ARIA combobox pattern.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [debounced] = useDebouncedValue(value.trim(), SUGGEST_DEBOUNCE_MS);
  const enabled = debounced.length >= SUGGEST_MIN_CHARS;
  const suggestions = useQuery({
    queryKey: ['search', 'suggest', debounced],
    queryFn: ({ signal }) => searchApi.suggest(debounced, signal),
    enabled,
    staleTime: 30_000,
  });
  const groups = enabled ? (suggestions.data?.groups ?? []).filter((g) => g.items.length) : [];
  const hits = new Map(groups.flatMap((g) => g.items.map((hit) => [optionValue(hit), hit] as const)));

  const submit = () => {
    const q = value.trim();
    if (!q) return;
    combobox.closeDropdown();
    navigate(`/search?q=${encodeURIComponent(q)}`);
  };

  return (
    <form
      role="search"
      aria-label={t('search.box.label')}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Combobox
        store={combobox}
        onOptionSubmit={(key) => {
          const hit = hits.get(key);
          combobox.closeDropdown();
          if (!hit) return;
          setValue('');
          navigate(hitHref(hit));
        }}
      >
        <Combobox.Target withExpandedAttribute>
          <TextInput
            type="search"
            aria-label={t('search.box.label')}
            placeholder={t('search.box.placeholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={suggestions.isFetching && enabled ? <Loader size={14} aria-hidden /> : null}
            value={value}
            onChange={(event) => {
              setValue(event.currentTarget.value);
              combobox.resetSelectedOption();
              combobox.openDropdown();
            }}
            onFocus={() => combobox.openDropdown()}
            onBlur={() => combobox.closeDropdown()}
            w={{ base: 160, sm: 280 }}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={!enabled || (!groups.length && !suggestions.isSuccess)} miw={320}>
          <Combobox.Options aria-label={t('search.box.suggestions')}>
            {groups.map((group) => (
              <Combobox.Group key={group.type} label={t(`search.types.${group.type}_other`)}>
                {group.items.map((hit) => (
                  <Combobox.Option key={optionValue(hit)} value={optionValue(hit)}>
                    <Text size="sm" lineClamp={1}>
                      {hit.title}
                    </Text>
                    {hit.network ? (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {hit.network.name}
                      </Text>
                    ) : null}
                  </Combobox.Option>
                ))}
              </Combobox.Group>
            ))}
            {suggestions.isSuccess && !groups.length ? <Combobox.Empty>{t('search.box.noSuggestions')}</Combobox.Empty> : null}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
    </form>
  );
}
