import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreatePostRequest, FileInfo, Post } from '@praxis/contracts';
import { renderWithProviders } from '../../../test/render';
import { PostAttachments } from './PostItem';
import { ThreadComposer } from './ThreadComposer';

const THREAD_ID = '22222222-2222-4222-8222-222222222222';
const NETWORK_ID = '33333333-3333-4333-8333-333333333333';
const mocks = vi.hoisted(() => ({
  createPost: vi.fn(),
  uploads: [] as { file: File; progress: (f: number) => void; resolve: (info: unknown) => void }[],
  links: [] as [string, string][],
}));
vi.mock('../api/forum-api', () => ({ forumApi: { createPost: mocks.createPost, preview: async () => ({ html: '' }) } }));
vi.mock('../../networks/api/networks-api', () => ({ networksApi: { members: async () => ({ items: [], nextCursor: null }) } }));
vi.mock('../../files/api/files-api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../files/api/files-api')>()),
  uploadFile: (file: File, progress: (f: number) => void) => {
    let resolve!: (info: unknown) => void;
    const promise = new Promise((r) => (resolve = r));
    mocks.uploads.push({ file, progress, resolve });
    return { promise, abort: () => undefined };
  },
  downloadViaSignedLink: async (id: string, name: string) => {
    mocks.links.push([id, name]);
  },
}));

const FILE: FileInfo = { id: '44444444-4444-4444-8444-444444444444', name: 'Minutes.pdf', size: 2048, mimeType: 'application/pdf' };

function renderComposer(onSent = vi.fn()) {
  const view = renderWithProviders(
    <ThreadComposer threadId={THREAD_ID} networkId={NETWORK_ID} replyTo={null} onReplyToChange={() => undefined} onSent={onSent} onTyping={() => undefined} />,
  );
  const input = view.container.querySelector('input[type="file"]') as HTMLInputElement;
  return { input };
}

describe('ThreadComposer attachments (F9)', () => {
  beforeEach(() => {
    mocks.createPost.mockReset();
    mocks.uploads.length = 0;
    mocks.links.length = 0;
  });

  it('uploads with progress, waits for the upload, and retries a failed send with the same clientId and files', async () => {
    const onSent = vi.fn();
    const { input } = renderComposer(onSent);
    fireEvent.change(screen.getByRole('textbox', { name: /reply/i }), { target: { value: 'Here are the minutes' } });
    expect(screen.getByRole('button', { name: 'Attach files' })).toBeInTheDocument();
    fireEvent.change(input, { target: { files: [new File(['%PDF-1.4'], 'Minutes.pdf', { type: 'application/pdf' })] } });
    await waitFor(() => expect(mocks.uploads).toHaveLength(1));
    act(() => mocks.uploads[0].progress(0.5));
    expect(await screen.findByText('Uploading 50 %')).toBeInTheDocument();
    // Sending waits for the upload.
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    act(() => mocks.uploads[0].resolve(FILE));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled());

    mocks.createPost.mockRejectedValueOnce(new Error('timeout'));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    mocks.createPost.mockResolvedValueOnce({ id: 'p1' } as Post);
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(onSent).toHaveBeenCalled());

    const [first, second] = mocks.createPost.mock.calls as [string, CreatePostRequest][];
    expect(first[1]).toMatchObject({ body: 'Here are the minutes', fileIds: [FILE.id] });
    expect(second[1].clientId).toBe(first[1].clientId);
    expect(second[1].fileIds).toEqual([FILE.id]);
    // After the send the next reply starts without files.
    await waitFor(() => expect(screen.queryByText('Minutes.pdf')).not.toBeInTheDocument());
  });

  it('sends no fileIds when nothing is attached', async () => {
    renderComposer();
    fireEvent.change(screen.getByRole('textbox', { name: /reply/i }), { target: { value: 'Just text' } });
    mocks.createPost.mockResolvedValueOnce({ id: 'p2' } as Post);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(mocks.createPost).toHaveBeenCalled());
    expect(mocks.createPost.mock.calls[0][1]).not.toHaveProperty('fileIds');
  });

  it('says a held post waits for approval (M2) and does not add it to the thread', async () => {
    const onSent = vi.fn();
    renderComposer(onSent);
    fireEvent.change(screen.getByRole('textbox', { name: /reply/i }), { target: { value: 'My first post' } });
    mocks.createPost.mockResolvedValueOnce({ held: true, heldPost: { id: 'h1', status: 'pending' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Waiting for approval')).toBeInTheDocument();
    expect(onSent).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: /reply/i })).toHaveValue('');
  });
});

describe('PostAttachments', () => {
  it('lists name and size and downloads through a signed link', async () => {
    renderWithProviders(<PostAttachments files={[FILE]} labelledBy="post-1-heading" />);
    expect(screen.getByRole('list', { name: '1 attached file' })).toBeInTheDocument();
    expect(screen.getByText('2 KB', { exact: false })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Download Minutes\.pdf/ }));
    await waitFor(() => expect(mocks.links).toEqual([[FILE.id, 'Minutes.pdf']]));
  });
});
