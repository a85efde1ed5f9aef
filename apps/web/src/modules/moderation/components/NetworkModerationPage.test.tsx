import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, HeldPost, QueuedReport, UserRef } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { json, stubApi, type Call } from '../../../test/fetch';

vi.mock('../../../shared/auth/AuthProvider', () => ({ useCurrentUser: () => ({ id: 'mod', isAdmin: false, timeZone: 'UTC' }) }));

import { NetworkModerationPage } from './NetworkModerationPage';
import { HubReportsPage } from './HubReportsPage';

const NET = '33333333-3333-4333-8333-333333333333';
const THREAD = '22222222-2222-4222-8222-222222222222';
const person = (id: string, displayName: string): UserRef => ({ id, handle: id, displayName, organisation: 'Org', avatarUrl: null });
const JONAS = person('jonas', 'Jonas Berg');
const AMINA = person('amina', 'Amina Diallo');
const MOD = person('mod', 'Maria Moderator');

function queued(overrides: Partial<QueuedReport> = {}): QueuedReport {
  return {
    id: 'r1', targetType: 'post', targetId: 'p3', reason: 'sensitive-data', note: 'Names the girl in the shelter.', status: 'open',
    createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z',
    network: { id: NET, slug: 'tip', name: 'Trafficking in Persons' },
    target: { type: 'post', id: 'p3', title: 'Debt bondage indicators', excerpt: 'Her name is written on the shelter list.', author: JONAS, threadId: THREAD, seq: 3, removed: false, locked: false },
    reporter: AMINA, openReports: 2, action: null, resolutionNote: null, resolvedBy: null, resolvedAt: null,
    ...overrides,
  };
}

const network = (moderate = true) => ({
  id: NET, slug: 'tip', name: 'Trafficking in Persons', visibility: 'open', tags: [], summary: '', memberCount: 3, membership: { status: 'active', role: moderate ? 'moderator' : 'member' },
  categories: [], permissions: { read: true, post: true, moderate, own: false, invite: moderate },
});

afterEach(() => vi.unstubAllGlobals());

function renderAt(route: string, routes: Parameters<typeof stubApi>[0]) {
  const api = stubApi({ 'GET /api/v1/networks/tip': () => json(network()), ...routes });
  renderWithProviders(
    <Routes>
      <Route path="/networks/:slug/moderation" element={<NetworkModerationPage />} />
      <Route path="/admin/reports" element={<HubReportsPage />} />
    </Routes>,
    { route },
  );
  return api;
}

/** An open queue that empties once its report is resolved, as the API does. */
function openQueue(report: QueuedReport) {
  let open = [report];
  return {
    [`GET /api/v1/networks/${NET}/reports`]: ({ url }: Call) => json({ items: url.searchParams.get('status') === 'open' ? open : [], nextCursor: null }),
    'POST /api/v1/reports/r1/resolve': ({ body }: Call) => {
      open = [];
      return json({ ...report, status: 'resolved', action: (body as { action: string }).action });
    },
  };
}

describe('NetworkModerationPage, reports', () => {
  it('shows the reported post in context and hides it with one click; the queue reloads and the outcome is announced', async () => {
    const api = renderAt('/networks/tip/moderation', openQueue(queued()));
    const card = await screen.findByRole('article', { name: 'Post in “Debt bondage indicators”' });
    expect(within(card).getByRole('link', { name: 'Post in “Debt bondage indicators”' })).toHaveAttribute('href', `/threads/${THREAD}?seq=3`);
    expect(within(card).getByText('Her name is written on the shelter list.')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Jonas Berg' })).toHaveAttribute('href', '/members/jonas');
    expect(within(card).getByRole('link', { name: 'Amina Diallo' })).toHaveAttribute('href', '/members/amina');
    expect(within(card).getByText('Names the girl in the shelter.')).toBeInTheDocument();
    expect(within(card).getByText('Sensitive information disclosed')).toBeInTheDocument();
    expect(within(card).getByText('2 open reports')).toBeInTheDocument();
    const actions = within(card).getByRole('group', { name: 'Actions on this report' });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Dismiss', 'Hide post', 'Lock thread', 'Warn author', 'Mute author…', 'Remove from network…', 'Ban from network…',
    ]);
    expect(api.to('GET', `/api/v1/networks/${NET}/reports`)[0].url.searchParams.get('status')).toBe('open');

    fireEvent.change(within(card).getByRole('textbox', { name: /Note for the audit log/ }), { target: { value: 'Identity of a victim' } });
    fireEvent.click(within(actions).getByRole('button', { name: 'Hide post' }));
    await waitFor(() => expect(api.to('POST', '/api/v1/reports/r1/resolve')).toHaveLength(1));
    expect(api.to('POST', '/api/v1/reports/r1/resolve')[0].body).toEqual({ action: 'hide', note: 'Identity of a victim' });
    expect(await screen.findByText('No open reports. Nothing needs your attention.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Post hidden. 2 reports are closed.');
  });

  it('asks before banning, and sends nothing when the moderator cancels', async () => {
    const api = renderAt('/networks/tip/moderation', openQueue(queued({ openReports: 1 })));
    const card = await screen.findByRole('article', { name: 'Post in “Debt bondage indicators”' });
    fireEvent.click(within(card).getByRole('button', { name: 'Ban from network…' }));
    let dialog = await screen.findByRole('dialog', { name: 'Ban Jonas Berg from the network?' });
    expect(dialog).toHaveTextContent('Jonas Berg leaves Trafficking in Persons at once');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.to('POST', '/api/v1/reports/r1/resolve')).toHaveLength(0);

    fireEvent.click(within(card).getByRole('button', { name: 'Ban from network…' }));
    dialog = await screen.findByRole('dialog', { name: 'Ban Jonas Berg from the network?' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Note for the audit log/ }), { target: { value: 'Second disclosure this week' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ban' }));
    await waitFor(() => expect(api.to('POST', '/api/v1/reports/r1/resolve')).toHaveLength(1));
    expect(api.to('POST', '/api/v1/reports/r1/resolve')[0].body).toEqual({ action: 'ban', note: 'Second disclosure this week' });
    expect(await screen.findByText('No open reports. Nothing needs your attention.')).toBeInTheDocument();
  });

  it('asks how long a mute lasts and sends it in minutes', async () => {
    const api = renderAt('/networks/tip/moderation', openQueue(queued()));
    const card = await screen.findByRole('article', { name: 'Post in “Debt bondage indicators”' });
    fireEvent.click(within(card).getByRole('button', { name: 'Mute author…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Mute Jonas Berg' });
    const duration = within(dialog).getByLabelText('For how long', { selector: 'input' });
    expect(duration).toHaveValue('24 hours');
    const user = userEvent.setup();
    await user.click(duration);
    await user.click(await within(dialog).findByRole('option', { name: '7 days' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(api.to('POST', '/api/v1/reports/r1/resolve')).toHaveLength(1));
    expect(api.to('POST', '/api/v1/reports/r1/resolve')[0].body).toEqual({ action: 'mute', minutes: 7 * 24 * 60 });
  });

  it('keeps the dialog open with the server’s reason when an action is refused', async () => {
    renderAt('/networks/tip/moderation', {
      [`GET /api/v1/networks/${NET}/reports`]: () => json({ items: [queued()], nextCursor: null }),
      'POST /api/v1/reports/r1/resolve': () => json({ statusCode: 403, error: 'Forbidden', message: 'You may not act on a member of equal or higher rank' }, 403),
    });
    const card = await screen.findByRole('article', { name: 'Post in “Debt bondage indicators”' });
    fireEvent.click(within(card).getByRole('button', { name: 'Remove from network…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove Jonas Berg from the network?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You may not act on a member of equal or higher rank');
  });

  it('offers only what still applies: content already hidden and a locked thread', async () => {
    renderAt('/networks/tip/moderation', {
      [`GET /api/v1/networks/${NET}/reports`]: () =>
        json({ items: [queued({ target: { ...queued().target, removed: true, locked: true } })], nextCursor: null }),
    });
    const card = await screen.findByRole('article', { name: 'Post in “Debt bondage indicators”' });
    expect(within(card).getByText('Hidden')).toBeInTheDocument();
    expect(within(card).getByText('Thread locked')).toBeInTheDocument();
    const actions = within(card).getByRole('group', { name: 'Actions on this report' });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['Dismiss', 'Warn author', 'Mute author…', 'Remove from network…', 'Ban from network…']);
  });

  it('loads more with the cursor the API gave', async () => {
    const api = renderAt('/networks/tip/moderation', {
      [`GET /api/v1/networks/${NET}/reports`]: ({ url }) =>
        url.searchParams.get('cursor') === 'c1'
          ? json({ items: [queued({ id: 'r2', targetType: 'thread', target: { type: 'thread', id: THREAD, title: 'Older thread', excerpt: '', author: JONAS, threadId: THREAD, removed: false, locked: false } })], nextCursor: null })
          : json({ items: [queued()], nextCursor: 'c1' }),
    });
    await screen.findByRole('article', { name: 'Post in “Debt bondage indicators”' });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    const older = await screen.findByRole('article', { name: 'Older thread' });
    expect(within(older).getByRole('link', { name: 'Older thread' })).toHaveAttribute('href', `/threads/${THREAD}`);
    expect(api.to('GET', `/api/v1/networks/${NET}/reports`).map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'c1']);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('shows resolved reports with their outcome, who decided and the note, without actions', async () => {
    const api = renderAt('/networks/tip/moderation?tab=resolved', {
      [`GET /api/v1/networks/${NET}/reports`]: () =>
        json({
          items: [queued({ status: 'resolved', openReports: 0, action: 'hide', resolutionNote: 'Identity of a victim', resolvedBy: MOD, resolvedAt: '2026-11-20T11:00:00.000Z' })],
          nextCursor: null,
        }),
    });
    const card = await screen.findByRole('article', { name: 'Post in “Debt bondage indicators”' });
    expect(screen.getByRole('tab', { name: 'Resolved' })).toHaveAttribute('aria-selected', 'true');
    expect(api.to('GET', `/api/v1/networks/${NET}/reports`)[0].url.searchParams.get('status')).toBe('resolved');
    expect(card).toHaveTextContent('Post hidden · by Maria Moderator');
    expect(card).toHaveTextContent('Moderator’s note: Identity of a victim');
    expect(within(card).queryByRole('group', { name: 'Actions on this report' })).not.toBeInTheDocument();
  });

  it('tells a member who is not a moderator that the page is not for them, and asks for no report', async () => {
    const api = stubApi({ 'GET /api/v1/networks/tip': () => json(network(false)) });
    renderWithProviders(
      <Routes>
        <Route path="/networks/:slug/moderation" element={<NetworkModerationPage />} />
      </Routes>,
      { route: '/networks/tip/moderation' },
    );
    expect(await screen.findByText('Only the network’s moderators and owners can see its moderation.')).toBeInTheDocument();
    expect(api.calls.map((c) => c.url.pathname)).toEqual(['/api/v1/networks/tip']);
  });
});

const held = (overrides: Partial<HeldPost> = {}): HeldPost => ({
  id: 'h1', networkId: NET, threadId: THREAD, title: null, author: JONAS, body: 'My first reply', html: '<p>My first reply</p>', replyToId: null, clientId: 'c',
  fileCount: 0, status: 'pending', postId: null, createdAt: '2026-11-20T10:00:00.000Z', ...overrides,
});

describe('NetworkModerationPage, waiting for approval (M2)', () => {
  it('approves a held reply with one click and rejects a new thread with a reason', async () => {
    let pending = [held(), held({ id: 'h2', threadId: null, title: 'Shelter capacity in Lagos', body: 'Who knows?', html: '<p>Who knows?</p>', author: AMINA })];
    const api = renderAt('/networks/tip/moderation?tab=held', {
      [`GET /api/v1/networks/${NET}/held-posts`]: () => json({ items: pending }),
      'POST /api/v1/held-posts/h1/approve': () => {
        pending = pending.filter((p) => p.id !== 'h1');
        return json({ post: {} });
      },
      'POST /api/v1/held-posts/h2/reject': () => {
        pending = [];
        return json(held({ id: 'h2', status: 'rejected' }));
      },
    });
    const reply = await screen.findByRole('article', { name: 'Jonas Berg' });
    expect(within(reply).getByText('Pending approval')).toBeInTheDocument();
    expect(within(reply).getByRole('link', { name: /open the thread/ })).toHaveAttribute('href', `/threads/${THREAD}`);
    fireEvent.click(within(reply).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Jonas Berg' })).not.toBeInTheDocument());
    expect(api.to('POST', '/api/v1/held-posts/h1/approve')).toHaveLength(1);

    const thread = screen.getByRole('article', { name: 'Amina Diallo' });
    expect(thread).toHaveTextContent('New thread: “Shelter capacity in Lagos”');
    fireEvent.click(within(thread).getByRole('button', { name: 'Reject…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject the post by Amina Diallo?' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Reason/ }), { target: { value: 'Please post it in the shelters category' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject post' }));
    expect(await screen.findByText('No post is waiting for approval.')).toBeInTheDocument();
    expect(api.to('POST', '/api/v1/held-posts/h2/reject')[0].body).toEqual({ reason: 'Please post it in the shelters category' });
  });
});

describe('NetworkModerationPage, audit log', () => {
  it('lists the network’s lines in words, newest first as the API gives them', async () => {
    const entries: AuditEntry[] = [
      { id: 'a1', actor: MOD, action: 'report.resolved', targetType: 'post', targetId: 'p3', networkId: NET, reason: 'Identity of a victim', details: { action: 'hide', reports: 2 }, createdAt: '2026-11-20T11:00:00.000Z' },
      { id: 'a2', actor: MOD, action: 'network.member-muted', targetType: 'user', targetId: 'jonas', networkId: NET, reason: null, details: { minutes: 1440 }, createdAt: '2026-11-20T10:30:00.000Z' },
      { id: 'a3', actor: null, action: 'network.something-new', targetType: 'network', targetId: NET, networkId: NET, reason: null, details: {}, createdAt: '2026-11-20T10:00:00.000Z' },
    ];
    const api = renderAt('/networks/tip/moderation?tab=audit', { 'GET /api/v1/audit-log': () => json({ items: entries, nextCursor: null }) });
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const rows = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows.map((cells) => cells.slice(1))).toEqual([
      ['Maria Moderator', 'Report resolved: Post hidden (2 reports)', 'Identity of a victim'],
      ['Maria Moderator', 'Member muted for 24 hours', '—'],
      ['System', 'network.something-new', '—'],
    ]);
    expect(api.to('GET', '/api/v1/audit-log')[0].url.searchParams.get('networkId')).toBe(NET);
  });
});

describe('HubReportsPage', () => {
  it('offers a reported member only what applies hub-wide: dismiss, warn, suspend (after a confirmation)', async () => {
    let open: QueuedReport[] = [
      queued({ targetType: 'user', targetId: 'jonas', network: null, target: { type: 'user', id: 'jonas', title: 'Jonas Berg', excerpt: 'Inspector · Org', author: JONAS, removed: false } }),
    ];
    const api = renderAt('/admin/reports', {
      'GET /api/v1/reports': () => json({ items: open, nextCursor: null }),
      'POST /api/v1/reports/r1/resolve': () => {
        open = [];
        return json({});
      },
    });
    const card = await screen.findByRole('article', { name: 'Jonas Berg' });
    expect(within(card).getByRole('link', { name: 'Jonas Berg' })).toHaveAttribute('href', '/members/jonas');
    const actions = within(card).getByRole('group', { name: 'Actions on this report' });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['Dismiss', 'Warn member', 'Suspend account…']);
    fireEvent.click(within(actions).getByRole('button', { name: 'Suspend account…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend the account of Jonas Berg?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Suspend account' }));
    await waitFor(() => expect(api.to('POST', '/api/v1/reports/r1/resolve')[0]?.body).toEqual({ action: 'ban' }));
    expect(await screen.findByText('No open reports. Nothing needs your attention.')).toBeInTheDocument();
  });
});
