import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { MarkdownEditor } from './MarkdownEditor';

const NETWORK_ID = '33333333-3333-4333-8333-333333333333';
const api = vi.hoisted(() => ({ members: vi.fn() }));
vi.mock('../../networks/api/networks-api', () => ({ networksApi: { members: api.members } }));
vi.mock('../api/forum-api', () => ({ forumApi: { preview: async () => ({ html: '' }) } }));

const member = (handle: string, displayName: string) => ({
  user: { id: `id-${handle}`, handle, displayName, organisation: 'Unité régionale', avatarUrl: null },
  role: 'member',
  status: 'active',
  joinedAt: '2026-01-01T00:00:00.000Z',
  mutedUntil: null,
  message: null,
});

function Editor({ onChange }: { onChange: (v: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <MarkdownEditor
      label="Reply"
      networkId={NETWORK_ID}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
    />
  );
}

function type(field: HTMLTextAreaElement, text: string) {
  fireEvent.change(field, { target: { value: text, selectionStart: text.length, selectionEnd: text.length } });
  field.setSelectionRange(text.length, text.length);
  fireEvent.select(field);
}

describe('MarkdownEditor @ autocomplete', () => {
  beforeEach(() => {
    api.members.mockReset();
    api.members.mockImplementation(async (_id: string, query: { q?: string }) =>
      query.q?.toLowerCase().startsWith('zo') ? { items: [member('zoe_angstrom', 'Zoë Ångström')], nextCursor: null } : { items: [], nextCursor: null },
    );
  });

  it('asks the server for the members matching what follows @, once typing pauses', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Editor onChange={onChange} />);
    const field = screen.getByLabelText('Reply', { selector: 'textarea' }) as HTMLTextAreaElement;
    field.focus();
    type(field, 'Thanks @z');
    type(field, 'Thanks @zo');
    const option = await screen.findByText('Zoë Ångström', {}, { timeout: 3000 });
    // Debounced: the half-typed "z" was never sent, the search ran for "zo" in this network.
    expect(api.members.mock.calls.map((c) => [c[0], c[1].q])).toEqual([[NETWORK_ID, 'zo']]);
    expect(api.members.mock.calls[0][1]).toMatchObject({ limit: 8 });
    fireEvent.click(option);
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith(expect.stringContaining('@zoe_angstrom')));
  });

  it('says so when nobody matches', async () => {
    renderWithProviders(<Editor onChange={() => undefined} />);
    const field = screen.getByLabelText('Reply', { selector: 'textarea' }) as HTMLTextAreaElement;
    field.focus();
    type(field, '@nobody');
    expect(await screen.findByText(/No member with that name/, {}, { timeout: 3000 })).toBeTruthy();
    expect(api.members).toHaveBeenCalledWith(NETWORK_ID, { q: 'nobody', limit: 8 }, expect.anything());
  });
});
