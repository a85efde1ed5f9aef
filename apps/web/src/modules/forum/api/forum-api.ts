import type {
  HeldResponse,
  MarkdownPreviewResponse,
  CreatePostRequest,
  CreateThreadRequest,
  FollowLevel,
  FollowResponse,
  MarkReadResponse,
  Page,
  Post,
  PostListQuery,
  PostRevision,
  Reaction,
  ReactionsResponse,
  StoredRoomEvent,
  ThreadDetail,
  ThreadListQuery,
  ThreadSummary,
  UpdateThreadRequest,
} from '@praxis/contracts';
import { rooms } from '@praxis/contracts';
import { api } from '../../../shared/api/client';

const thread = (id: string) => `/threads/${encodeURIComponent(id)}`;
const post = (id: string) => `/posts/${encodeURIComponent(id)}`;

/** REST calls of the forum (SPEC F1–F8, R4); writes always go over REST, the socket only pushes. */
export const forumApi = {
  threads: (networkId: string, query: ThreadListQuery, signal?: AbortSignal) =>
    api.get<Page<ThreadSummary>>(`/networks/${encodeURIComponent(networkId)}/threads`, { ...query }, signal),
  createThread: (networkId: string, body: CreateThreadRequest) => api.post<ThreadDetail | HeldResponse>(`/networks/${encodeURIComponent(networkId)}/threads`, body),
  thread: (id: string, signal?: AbortSignal) => api.get<ThreadDetail>(thread(id), undefined, signal),
  updateThread: (id: string, body: UpdateThreadRequest) => api.patch<ThreadDetail>(thread(id), body),
  posts: (id: string, query: PostListQuery, signal?: AbortSignal) => api.get<Page<Post>>(`${thread(id)}/posts`, { ...query }, signal),
  /** 201 the post, or 202 {held} when the network holds a newcomer's posts for approval (M2). */
  createPost: (id: string, body: CreatePostRequest) => api.post<Post | HeldResponse>(`${thread(id)}/posts`, body),
  preview: (body: string) => api.post<MarkdownPreviewResponse>('/markdown/preview', { body }),
  follow: (id: string, level: FollowLevel | null) => api.put<FollowResponse>(`${thread(id)}/follow`, { level }),
  markRead: (id: string, seq: number) => api.post<MarkReadResponse>(`${thread(id)}/read`, { seq }),
  editPost: (id: string, body: string) => api.patch<Post>(post(id), { body }),
  deletePost: (id: string) => api.delete<Post>(post(id)),
  revisions: (id: string) => api.get<PostRevision[]>(`${post(id)}/revisions`),
  react: (id: string, reaction: Reaction, on: boolean) =>
    on ? api.put<ReactionsResponse>(`${post(id)}/reactions/${reaction}`) : api.delete<ReactionsResponse>(`${post(id)}/reactions/${reaction}`),
  /** Everything the thread room stored after `afterSeq`, in seq order (R4 catch-up). */
  threadEvents: (id: string, afterSeq: number, signal?: AbortSignal) =>
    api.get<Page<StoredRoomEvent>>(`/rooms/${encodeURIComponent(rooms.thread(id))}/events`, { afterSeq, limit: 200 }, signal),
};
