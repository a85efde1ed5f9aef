import { Box, Loader, Mentions, Paper, Tabs, Text, Typography } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MentionDataFn, MentionItem } from '@mantine/core';
import { networksApi } from '../../networks/api/networks-api';
import { forumApi } from '../api/forum-api';

export interface MarkdownEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The network whose members `@` suggests (members of the network can read its threads). */
  networkId: string;
  description?: string;
  error?: string | null;
  minRows?: number;
  required?: boolean;
  disabled?: boolean;
  onKeyDown?: (event: React.KeyboardEvent<HTMLTextAreaElement | HTMLInputElement>) => void;
  /** Called while typing (for the typing indicator). */
  onTyping?: () => void;
  autoFocus?: boolean;
}

/** How long the `@` autocomplete waits after the last key before asking the server. */
export const MENTION_DEBOUNCE_MS = 250;

/**
 * `@` suggestions: the network's active members whose name, handle or organisation match what
 * follows the `@`, searched on the server (GET /networks/:id/members?q=) so every member can be
 * found, not just the first page. Answers are kept a minute per query.
 */
function useMentionSearch(networkId: string): MentionDataFn {
  const queryClient = useQueryClient();
  return useCallback(
    async (query: string, { signal }: { signal: AbortSignal }) => {
      const q = query.trim();
      const page = await queryClient.fetchQuery({
        queryKey: ['networks', 'members', networkId, 'mentions', q],
        queryFn: () => networksApi.members(networkId, { q: q || undefined, limit: 8 }, signal),
        staleTime: 60_000,
      });
      return page.items.map<MentionItem>((m) => ({ id: m.user.handle, display: m.user.displayName, organisation: m.user.organisation }));
    },
    [networkId, queryClient],
  );
}

/**
 * A Markdown field with Write and Preview tabs and `@handle` suggestions. The preview is rendered
 * by the server with the code that renders published posts (F10), so what it shows is what will be
 * published; nothing is rendered or sanitised a second time in the browser.
 */
export function MarkdownEditor({ label, value, onChange, networkId, description, error, minRows = 4, required, disabled, onKeyDown, onTyping, autoFocus }: MarkdownEditorProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('write');
  const searchMembers = useMentionSearch(networkId);
  const id = useId();
  // The field holds Mantine's mention markup (`@[Display](handle)`) so a picked mention shows the
  // person's name; the text handed out (and sent) has each one as plain `@handle`. A value set from
  // outside (cleared after sending, a quote added) replaces the field's text.
  const [markup, setMarkup] = useState(value);
  const [emitted, setEmitted] = useState(value);
  if (value !== emitted) {
    setEmitted(value);
    setMarkup(value);
  }

  return (
    <Tabs value={tab} onChange={setTab} variant="outline" keepMounted={false}>
      <Tabs.List aria-label={t('forum.editor.modes', { label })}>
        <Tabs.Tab value="write">{t('forum.editor.write')}</Tabs.Tab>
        <Tabs.Tab value="preview">{t('forum.editor.preview')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="write" pt="xs">
        <Mentions
          id={id}
          label={label}
          description={description ?? t('forum.editor.help')}
          error={error}
          required={required}
          disabled={disabled}
          value={markup}
          onChange={(payload) => {
            setMarkup(payload.value);
            setEmitted(payload.idValue);
            onChange(payload.idValue);
            onTyping?.();
          }}
          onKeyDown={onKeyDown}
          minRows={minRows}
          maxRows={18}
          autoFocus={autoFocus}
          filter={false}
          nothingFoundMessage={t('forum.editor.noMember')}
          loadingMessage={t('forum.editor.searchingMembers')}
          errorMessage={t('forum.editor.memberSearchFailed')}
          a11ySuggestionsListLabel={t('forum.editor.suggestions')}
          maxDropdownHeight={240}
        >
          <Mentions.Mention
            trigger="@"
            data={searchMembers}
            debounceMs={MENTION_DEBOUNCE_MS}
            withTrigger
            maxSuggestions={8}
            appendSpaceOnAdd
            renderSuggestion={({ item, highlighted }) => (
              <Box>
                <Text size="sm" fw={600} span>
                  {item.display}
                </Text>{' '}
                {/* Dimmed grey is unreadable on the highlighted option's filled background. */}
                <Text size="xs" c={highlighted ? undefined : 'dimmed'} span>
                  @{item.id} · {String(item.organisation ?? '')}
                </Text>
              </Box>
            )}
          />
        </Mentions>
      </Tabs.Panel>
      <Tabs.Panel value="preview" pt="xs">
        <MarkdownPreview value={value} label={label} minRows={minRows} />
      </Tabs.Panel>
    </Tabs>
  );
}

/**
 * The server's rendering of Markdown (POST /markdown/preview, the code that renders published posts),
 * for any form that takes Markdown; mounted only while shown, so it asks only then.
 */
export function MarkdownPreview({ value, label, minRows = 4 }: { value: string; label: string; minRows?: number }) {
  const { t } = useTranslation();
  const preview = useQuery({
    queryKey: ['markdown-preview', value],
    queryFn: () => forumApi.preview(value),
    enabled: value.trim() !== '',
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
  return (
    <Paper withBorder p="md" mih={minRows * 24} aria-label={t('forum.editor.previewOf', { label })} role="region" aria-busy={preview.isFetching}>
      {!value.trim() ? (
        <Text c="dimmed">{t('forum.editor.nothingToPreview')}</Text>
      ) : preview.data ? (
        // The HTML comes from the server's sanitiser (F10); nothing else is injected as HTML.
        <Typography>
          <Box dangerouslySetInnerHTML={{ __html: preview.data.html }} />
        </Typography>
      ) : preview.isError ? (
        <Text c="red.8">{t('forum.editor.previewFailed')}</Text>
      ) : (
        <Loader size="sm" aria-label={t('common.loading')} />
      )}
    </Paper>
  );
}
