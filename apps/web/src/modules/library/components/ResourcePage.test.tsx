import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResourceDetail } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi } from '../../../test/fetch';

vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => ({ id: 'me', isAdmin: false, timeZone: 'UTC' }) }));

import { ResourcePage } from './ResourcePage';

function detail(overrides: Partial<ResourceDetail> = {}): ResourceDetail {
  return {
    id: 'r1', title: 'Screening toolkit for labour inspectors', kind: 'toolkit', language: 'en', countries: ['NG'], tags: ['screening'], publishedOn: '2024-11-05',
    network: { id: 'n1', slug: 'inspectors', name: 'Labour Inspectors' }, featured: false, fileCount: 2, hasUrl: true, createdAt: '2025-01-10T09:00:00.000Z',
    summary: 'A **short** guide.', summaryHtml: '<p>A <strong>short</strong> guide.</p>', url: 'https://example.org/toolkit',
    files: [
      { id: 'f1', name: 'toolkit.pdf', size: 1_572_864, mimeType: 'application/pdf', textStatus: 'done' },
      { id: 'f2', name: 'checklist.docx', size: 20_480, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', textStatus: 'pending' },
    ],
    createdBy: { id: 'u2', handle: 'ngozi', displayName: 'Ngozi Okafor', organisation: 'NAPTIP', avatarUrl: null },
    updatedAt: '2025-01-10T09:00:00.000Z',
    permissions: { edit: false, delete: false, feature: false },
    ...overrides,
  };
}

const clicks: string[] = [];
beforeEach(() => {
  clicks.length = 0;
  // The signed link is opened by clicking a temporary anchor; jsdom cannot navigate, so record it.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push(`${this.getAttribute('href')} ${this.download}`);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderPage(resource: ResourceDetail, extra: Parameters<typeof stubApi>[0] = {}) {
  const api = stubApi({ 'GET /api/v1/resources/r1': () => json(resource), ...extra });
  renderWithProviders(
    <Routes>
      <Route path="/resources/:id" element={<ResourcePage />} />
      <Route path="/networks/:slug/library" element={<p>Network library</p>} />
    </Routes>,
    { route: '/resources/r1' },
  );
  return api;
}

describe('ResourcePage', () => {
  it('shows the metadata, the server-rendered summary, the external link and each file with size, type and text status', async () => {
    renderPage(detail());
    expect(await screen.findByRole('heading', { level: 1, name: 'Screening toolkit for labour inspectors' })).toBeInTheDocument();
    expect(screen.getByText('short', { selector: 'strong' })).toBeInTheDocument();
    const link = screen.getByRole('link', { name: /example\.org\/toolkit/ });
    expect(link).toHaveAttribute('href', 'https://example.org/toolkit');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByText('Nigeria')).toBeInTheDocument();
    expect(screen.getByText('Nov 5, 2024')).toBeInTheDocument();

    const files = screen.getByRole('heading', { name: 'Files (2)' }).closest('section') as HTMLElement;
    const [pdf, docx] = within(files).getAllByRole('listitem');
    expect(within(pdf).getByText('toolkit.pdf')).toBeInTheDocument();
    expect(within(pdf).getByText('1.5 MB · PDF')).toBeInTheDocument();
    expect(within(pdf).getByText('Text searchable')).toBeInTheDocument();
    expect(within(docx).getByText('20 kB · Word')).toBeInTheDocument();
    expect(within(docx).getByText('Text not read yet')).toBeInTheDocument();
    // Read-only for this viewer.
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Feature' })).not.toBeInTheDocument();
  });

  it('downloads a file through a fresh signed link', async () => {
    const api = renderPage(detail(), {
      'POST /api/v1/files/f2/link': () => json({ url: '/api/v1/files/f2/content?sig=abc', expiresAt: '2025-01-10T09:05:00.000Z' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: /Download checklist\.docx/ }));
    await waitFor(() => expect(clicks).toEqual(['/api/v1/files/f2/content?sig=abc checklist.docx']));
    expect(api.to('POST', '/api/v1/files/f2/link')).toHaveLength(1);
  });

  it('offers edit, feature and delete as the permissions say; delete asks first', async () => {
    const api = renderPage(detail({ permissions: { edit: true, delete: true, feature: true } }), {
      'DELETE /api/v1/resources/r1': () => json(null, 204),
      'PATCH /api/v1/resources/r1': ({ body }) => json(detail({ ...(body as object), permissions: { edit: true, delete: true, feature: true } })),
    });
    expect(await screen.findByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/resources/r1/edit');

    fireEvent.click(screen.getByRole('button', { name: 'Feature' }));
    await waitFor(() => expect(api.to('PATCH', '/api/v1/resources/r1')[0]?.body).toEqual({ featured: true }));
    expect(await screen.findByRole('button', { name: 'Stop featuring' })).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this resource?' });
    expect(api.to('DELETE', '/api/v1/resources/r1')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete the resource' }));
    await waitFor(() => expect(api.to('DELETE', '/api/v1/resources/r1')).toHaveLength(1));
    expect(await screen.findByText('Network library')).toBeInTheDocument();
  });

  it('lets a reader report someone else’s resource (SPEC M1), never their own', async () => {
    const api = renderPage(detail(), {
      'POST /api/v1/reports': ({ body }) => json({ id: 'rep1', ...(body as object), note: null, status: 'open', createdAt: '', updatedAt: '' }, 201),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Report' }));
    const dialog = await screen.findByRole('dialog', { name: 'Report this resource' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Off-topic' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send report' }));
    await waitFor(() => expect(api.to('POST', '/api/v1/reports')[0]?.body).toEqual({ targetType: 'resource', targetId: 'r1', reason: 'off-topic' }));
  });

  it('offers no Report on the reader’s own resource', async () => {
    renderPage(detail({ createdBy: { id: 'me', handle: 'me', displayName: 'Me', organisation: 'Org', avatarUrl: null } }));
    await screen.findByRole('heading', { level: 1, name: 'Screening toolkit for labour inspectors' });
    expect(screen.queryByRole('button', { name: 'Report' })).not.toBeInTheDocument();
  });

  it('says calmly that a resource it may not read is not there, with the way back to the library', async () => {
    stubApi({ 'GET /api/v1/resources/r1': () => json({ statusCode: 404, error: 'Not Found', message: 'No such resource' }, 404) });
    renderWithProviders(
      <Routes>
        <Route path="/resources/:id" element={<ResourcePage />} />
      </Routes>,
      { route: '/resources/r1' },
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Resource not found' })).toBeInTheDocument();
    expect(screen.getByText(/does not exist, has been deleted, or belongs to a network/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the library' })).toHaveAttribute('href', '/library');
  });
});
