import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotificationPreferences } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';
import { NotificationSettingsPage } from './NotificationSettingsPage';

const calm: NotificationPreferences = {
  channels: { mentions: 'email', replies: 'email', followed: 'digest', decisions: 'email', events: 'email', moderation: 'app' },
  digest: 'daily',
};

afterEach(() => vi.unstubAllGlobals());

/** The SegmentedControl option of one row, found by the row's label. */
function option(rowLabel: string, optionLabel: string): HTMLInputElement {
  const group = screen.getByRole('radiogroup', { name: rowLabel });
  return Array.from(group.querySelectorAll('input')).find((input) => input.labels?.[0]?.textContent === optionLabel) as HTMLInputElement;
}

describe('NotificationSettingsPage', () => {
  it('shows each kind with its current channel and saves a change at once', async () => {
    const api = stubApi({
      'GET /api/v1/me/notification-preferences': () => json(calm),
      'PATCH /api/v1/me/notification-preferences': ({ body }) => json({ ...calm, channels: { ...calm.channels, ...(body as { channels: object }).channels } }),
    });
    renderWithProviders(<NotificationSettingsPage />);

    await screen.findByRole('radiogroup', { name: 'Mentions' });
    expect(option('Mentions', 'Email at once').checked).toBe(true);
    expect(option('Threads you follow', 'In the digest').checked).toBe(true);
    expect(option('Moderation outcomes', 'In the app').checked).toBe(true);
    expect(option('Digest email', 'Daily').checked).toBe(true);

    fireEvent.click(option('Replies', 'Off'));
    await waitFor(() => expect(api.to('PATCH', '/api/v1/me/notification-preferences')).toHaveLength(1));
    expect(api.to('PATCH', '/api/v1/me/notification-preferences')[0].body).toEqual({ channels: { replies: 'off' } });
    await waitFor(() => expect(option('Replies', 'Off').checked).toBe(true));
  });

  it('puts the old choice back when saving fails', async () => {
    stubApi({
      'GET /api/v1/me/notification-preferences': () => json(calm),
      'PATCH /api/v1/me/notification-preferences': () => json({ statusCode: 400, error: 'Bad Request', message: 'Invalid input: digest must be one of the following values' }, 400),
    });
    renderWithProviders(<NotificationSettingsPage />);
    await screen.findByRole('radiogroup', { name: 'Digest email' });

    fireEvent.click(option('Digest email', 'Weekly'));
    await waitFor(() => expect(option('Digest email', 'Daily').checked).toBe(true));
  });

  it('warns that digest items stay in the app while the digest is off', async () => {
    stubApi({ 'GET /api/v1/me/notification-preferences': () => json({ ...calm, digest: 'off' }) });
    renderWithProviders(<NotificationSettingsPage />);
    expect(await screen.findByText(/The digest is off/)).toBeTruthy();
  });
});
