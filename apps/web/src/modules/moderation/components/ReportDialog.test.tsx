import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';
import { ReportButton } from './ReportButton';

const POST_ID = '44444444-4444-4444-8444-444444444444';

afterEach(() => vi.unstubAllGlobals());

const myReport = (body: Record<string, unknown>) => ({
  id: 'r1', targetType: body.targetType, targetId: body.targetId, reason: body.reason, note: body.note ?? null, status: 'open',
  createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z',
});

function open() {
  renderWithProviders(<ReportButton targetType="post" targetId={POST_ID} compact accessibleName="Report the post by Jonas Berg" />);
  fireEvent.click(screen.getByRole('button', { name: 'Report the post by Jonas Berg' }));
  return screen.findByRole('dialog', { name: 'Report this post' });
}

describe('ReportDialog', () => {
  it('offers every reason with words a person understands, sensitive data explained', async () => {
    stubApi({});
    const dialog = await open();
    const group = within(dialog).getByRole('radiogroup', { name: /Why are you reporting it\?/ });
    expect(within(group).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['spam', 'harassment', 'sensitive-data', 'off-topic', 'other']);
    const sensitive = within(group).getByRole('radio', { name: 'Sensitive information disclosed' });
    // The explanation is tied to the radio, so a screen reader hears it with the choice.
    const described = (sensitive.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(described).toMatch(/a victim's identity disclosed/);
    expect(within(dialog).getByRole('textbox', { name: /Note for the moderators \(optional\)/ })).toBeInTheDocument();
  });

  it('asks for a reason before sending anything', async () => {
    const api = stubApi({ 'POST /api/v1/reports': ({ body }) => json(myReport(body as Record<string, unknown>), 201) });
    const dialog = await open();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send report' }));
    expect(await within(dialog).findByText('Choose a reason.')).toBeInTheDocument();
    expect(api.to('POST', '/api/v1/reports')).toHaveLength(0);
  });

  it('sends the reason and the trimmed note, then closes', async () => {
    const api = stubApi({ 'POST /api/v1/reports': ({ body }) => json(myReport(body as Record<string, unknown>), 201) });
    const dialog = await open();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Sensitive information disclosed' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Note for the moderators/ }), { target: { value: '  Names the girl in the shelter.  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send report' }));
    await waitFor(() => expect(api.to('POST', '/api/v1/reports')).toHaveLength(1));
    expect(api.to('POST', '/api/v1/reports')[0].body).toEqual({ targetType: 'post', targetId: POST_ID, reason: 'sensitive-data', note: 'Names the girl in the shelter.' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    // Opened again, the form starts afresh.
    fireEvent.click(screen.getByRole('button', { name: 'Report the post by Jonas Berg' }));
    const again = await screen.findByRole('dialog', { name: 'Report this post' });
    expect(within(again).getByRole('radio', { name: 'Sensitive information disclosed' })).not.toBeChecked();
    expect(within(again).getByRole('textbox', { name: /Note for the moderators/ })).toHaveValue('');
  });

  it('leaves out an empty note and shows the server’s refusal in the dialog, which stays open', async () => {
    const api = stubApi({
      'POST /api/v1/reports': () => json({ statusCode: 404, error: 'Not Found', message: 'Nothing to report there' }, 404),
    });
    const dialog = await open();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Spam or advertising' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send report' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The report was not sent');
    expect(alert).toHaveTextContent('Nothing to report there');
    expect(api.to('POST', '/api/v1/reports')[0].body).toEqual({ targetType: 'post', targetId: POST_ID, reason: 'spam' });
    expect(screen.getByRole('dialog', { name: 'Report this post' })).toBeInTheDocument();
  });
});
