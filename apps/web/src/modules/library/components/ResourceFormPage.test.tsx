import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileInfo } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';

const me = vi.hoisted(() => ({ current: { id: 'me', isAdmin: false, timeZone: 'UTC' } }));
vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => me.current }));
// The upload list is tested with its XHR elsewhere; here it stands for "a file finished uploading".
vi.mock('../../files/components/FileUploadList', () => ({
  FileUploadList: ({ onChange, label }: { onChange: (files: FileInfo[], busy: boolean) => void; label: string }) => (
    <button type="button" onClick={() => onChange([{ id: 'file-1', name: 'report.pdf', size: 2048, mimeType: 'application/pdf' }], false)}>
      {label}
    </button>
  ),
}));

import { ResourceFormPage } from './ResourceFormPage';

afterEach(() => {
  vi.unstubAllGlobals();
  me.current = { id: 'me', isAdmin: false, timeZone: 'UTC' };
});

function Where() {
  const location = useLocation();
  return <p data-testid="location">{location.pathname}</p>;
}

const networks = { items: [{ id: 'n1', slug: 'west-africa', name: 'West Africa Network', membership: { status: 'active', role: 'member' } }], nextCursor: null };
const saved = { id: 'r9', title: 'Labour exploitation in fisheries' };

function renderForm(route = '/resources/new?networkId=n1', post = () => json(saved, 201)) {
  const api = stubApi({ 'GET /api/v1/networks': () => json(networks), 'POST /api/v1/resources': post });
  renderWithProviders(
    <Routes>
      <Route path="/resources/new" element={<ResourceFormPage />} />
      <Route path="/resources/:id" element={<Where />} />
    </Routes>,
    { route },
  );
  return api;
}

async function pick(user: ReturnType<typeof userEvent.setup>, label: RegExp, option: string) {
  await user.click(screen.getByLabelText(label, { selector: 'input' }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('ResourceFormPage', () => {
  it('checks the fields as the API does before sending anything', async () => {
    const api = renderForm('/resources/new');
    const user = userEvent.setup();
    await screen.findByLabelText(/^Title/);
    fireEvent.click(screen.getByRole('button', { name: 'Add the resource' }));
    expect(await screen.findByText('Give the resource a title.')).toBeInTheDocument();
    expect(screen.getByText('Choose a kind.')).toBeInTheDocument();
    expect(screen.getByText('Choose a language.')).toBeInTheDocument();
    expect(screen.getByText('Attach at least one file or give an external link.')).toBeInTheDocument();
    // Not an admin: a resource belongs to a network.
    expect(screen.getByText('Choose the network it belongs to.')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: 'x'.repeat(201) } });
    fireEvent.change(screen.getByLabelText('Summary'), { target: { value: 'y'.repeat(20_001) } });
    fireEvent.change(screen.getByLabelText('External link'), { target: { value: 'ftp://example.org/file' } });
    await user.click(screen.getByRole('button', { name: 'Add the resource' }));
    expect(await screen.findAllByText('At most 200 characters.')).toHaveLength(1);
    expect(screen.getByText('At most 20000 characters.')).toBeInTheDocument();
    expect(screen.getByText('Enter a full web address starting with http:// or https://.')).toBeInTheDocument();
    expect(api.to('POST', '/api/v1/resources')).toHaveLength(0);
  }, 30_000);

  it('sends the resource as the contract says, with the uploaded file, and opens it', async () => {
    const api = renderForm();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Title/), '  Labour exploitation in fisheries ');
    await user.type(screen.getByLabelText('Summary'), 'Findings from **three** ports.');
    await pick(user, /^Kind/, 'Report');
    await pick(user, /^Language/, 'French');
    await user.type(screen.getByLabelText('Countries and regions', { selector: 'input' }), 'SN{enter}West Africa{enter}');
    await user.type(screen.getByLabelText('Topics', { selector: 'input' }), 'fisheries{enter}');
    fireEvent.change(screen.getByLabelText('Publication date'), { target: { value: '2025-02-01' } });
    await user.click(screen.getByRole('button', { name: 'Attach files' }));
    await user.click(screen.getByRole('button', { name: 'Add the resource' }));

    await waitFor(() => expect(api.to('POST', '/api/v1/resources')).toHaveLength(1));
    expect(api.to('POST', '/api/v1/resources')[0].body).toEqual({
      title: 'Labour exploitation in fisheries',
      summary: 'Findings from **three** ports.',
      kind: 'report',
      language: 'fr',
      tags: ['fisheries'],
      countries: ['SN', 'West Africa'],
      publishedOn: '2025-02-01',
      url: null,
      fileIds: ['file-1'],
      networkId: 'n1',
    });
    expect(await screen.findByTestId('location')).toHaveTextContent('/resources/r9');
  }, 30_000);

  it('shows the server’s field errors beside their fields', async () => {
    renderForm('/resources/new?networkId=n1', () =>
      json({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ field: 'url', messages: ['url must be reachable'] }, { field: 'networkId', messages: ['only moderators add to this library'] }] }, 400),
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Title/), 'A guide');
    await pick(user, /^Kind/, 'Toolkit');
    await pick(user, /^Language/, 'English');
    await user.type(screen.getByLabelText('External link'), 'https://example.org/guide');
    await user.click(screen.getByRole('button', { name: 'Add the resource' }));

    const url = screen.getByLabelText('External link');
    await waitFor(() => expect(document.getElementById(url.getAttribute('aria-describedby')?.split(' ').find((id) => id.includes('error')) ?? '')).toHaveTextContent('url must be reachable'));
    expect(screen.getByText('only moderators add to this library')).toBeInTheDocument();
    expect(screen.queryByText('Validation failed')).not.toBeInTheDocument();
  }, 30_000);

  it('offers the hub-wide library to admins only', async () => {
    me.current = { id: 'me', isAdmin: true, timeZone: 'UTC' };
    renderForm('/resources/new');
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText(/^Network/, { selector: 'input' }));
    expect(await screen.findByRole('option', { name: 'Hub-wide' })).toBeInTheDocument();
  }, 30_000);
});
