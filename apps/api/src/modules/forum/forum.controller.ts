import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { REACTIONS, type FollowResponse, type HeldResponse, type MarkdownPreviewResponse, type MarkReadResponse, type Page, type Post as ForumPost, type PostRevision, type Reaction, type ReactionsResponse, type StoredRoomEvent, type ThreadDetail, type ThreadSummary } from '@praxis/contracts';
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { CreatePostDto, CreateThreadDto, FollowDto, MarkdownPreviewDto, MarkReadDto, PostListQueryDto, RoomEventsQueryDto, ThreadListQueryDto, UpdatePostDto, UpdateThreadDto } from './dto/forum.dto.js';
import { renderMarkdown } from '../../common/markdown.js';
import { ForumService } from './forum.service.js';

const Id = () => Param('id', ParseUUIDPipe);

/** M2: a post held for approval is accepted, not created: 202. */
function held<T extends object>(res: Response, result: T | HeldResponse): T | HeldResponse {
  if ('held' in result) res.status(HttpStatus.ACCEPTED);
  return result;
}

class ReactionPipe implements PipeTransform<string, Reaction> {
  transform(value: string): Reaction {
    if (!(REACTIONS as readonly string[]).includes(value)) throw new BadRequestException(`reaction must be one of ${REACTIONS.join(', ')}`);
    return value as Reaction;
  }
}

@ApiTags('forum')
@ApiBearerAuth()
@Controller()
export class ForumController {
  constructor(private readonly forum: ForumService) {}

  @Post('markdown/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a draft as a published post would show it (sanitised HTML, F10); stores nothing' })
  preview(@Body() body: MarkdownPreviewDto): MarkdownPreviewResponse {
    return { html: renderMarkdown(body.body) };
  }

  @Get('networks/:id/threads')
  @ApiOperation({ summary: 'Threads by latest activity (keyset), filtered by category, tag, unanswered, pinned; with unread counts' })
  listThreads(@CurrentViewer() viewer: Viewer, @Param('id') id: string, @Query() query: ThreadListQueryDto): Promise<Page<ThreadSummary>> {
    return this.forum.listThreads(viewer, id, query);
  }

  @Post('networks/:id/threads')
  @ApiOperation({ summary: 'Start a thread (members; moderator-only categories for moderators); a repeated clientId answers the first thread; 202 {held} when the network holds a newcomer’s first posts (M2)' })
  async createThread(
    @CurrentViewer() viewer: Viewer, @Param('id') id: string, @Body() body: CreateThreadDto, @Res({ passthrough: true }) res: Response,
  ): Promise<ThreadDetail | HeldResponse> {
    return held(res, await this.forum.submitThread(viewer, id, body));
  }

  @Get('threads/:id')
  @ApiOperation({ summary: 'A thread with its opening post, the viewer’s read position and permissions' })
  getThread(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<ThreadDetail> {
    return this.forum.getThread(viewer, id);
  }

  @Patch('threads/:id')
  @ApiOperation({ summary: 'Change a thread: title/tags (author or moderator); pin, lock, close, move (moderators)' })
  updateThread(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: UpdateThreadDto): Promise<ThreadDetail> {
    return this.forum.updateThread(viewer, id, body);
  }

  @Get('threads/:id/posts')
  @ApiOperation({ summary: 'Posts in seq order; afterSeq=N answers exactly the posts after room seq N (catch-up)' })
  listPosts(@CurrentViewer() viewer: Viewer, @Id() id: string, @Query() query: PostListQueryDto): Promise<Page<ForumPost>> {
    return this.forum.listPosts(viewer, id, query);
  }

  @Post('threads/:id/posts')
  @ApiOperation({ summary: 'Reply; a repeated clientId answers the first post (201) and creates nothing; 202 {held} when the post waits for approval (M2)' })
  async createPost(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: CreatePostDto, @Res({ passthrough: true }) res: Response): Promise<ForumPost | HeldResponse> {
    return held(res, await this.forum.submitPost(viewer, id, body));
  }

  @Put('threads/:id/follow')
  @ApiOperation({ summary: 'Follow or mute a thread (level null clears)' })
  follow(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: FollowDto): Promise<FollowResponse> {
    return this.forum.follow(viewer, id, body.level);
  }

  @Post('threads/:id/read')
  @ApiOperation({ summary: 'Move the read position forward to seq (never backwards)' })
  markRead(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: MarkReadDto): Promise<MarkReadResponse> {
    return this.forum.markRead(viewer, id, body.seq);
  }

  @Get('posts/:id')
  @ApiOperation({ summary: 'One post' })
  getPost(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<ForumPost> {
    return this.forum.getPost(viewer, id);
  }

  @Patch('posts/:id')
  @ApiOperation({ summary: 'Edit a post (author or moderator); the previous text is kept as a revision' })
  editPost(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: UpdatePostDto): Promise<ForumPost> {
    return this.forum.editPost(viewer, id, body.body);
  }

  @Delete('posts/:id')
  @ApiOperation({ summary: 'Soft-delete a post (author or moderator); moderators still see it' })
  deletePost(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<ForumPost> {
    return this.forum.deletePost(viewer, id);
  }

  @Get('posts/:id/revisions')
  @ApiOperation({ summary: 'Earlier versions of an edited post' })
  revisions(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<PostRevision[]> {
    return this.forum.revisions(viewer, id);
  }

  @Put('posts/:id/reactions/:reaction')
  @ApiOperation({ summary: 'Add my reaction (idempotent); answers the counts' })
  react(@CurrentViewer() viewer: Viewer, @Id() id: string, @Param('reaction', ReactionPipe) reaction: Reaction): Promise<ReactionsResponse> {
    return this.forum.react(viewer, id, reaction, true);
  }

  @Delete('posts/:id/reactions/:reaction')
  @ApiOperation({ summary: 'Remove my reaction (idempotent); answers the counts' })
  unreact(@CurrentViewer() viewer: Viewer, @Id() id: string, @Param('reaction', ReactionPipe) reaction: Reaction): Promise<ReactionsResponse> {
    return this.forum.react(viewer, id, reaction, false);
  }

  @Get('rooms/:room/events')
  @ApiOperation({ summary: 'Room events after a seq (catch-up of posts, edits, deletions, reactions, thread changes)' })
  roomEvents(@CurrentViewer() viewer: Viewer, @Param('room') room: string, @Query() query: RoomEventsQueryDto): Promise<Page<StoredRoomEvent>> {
    return this.forum.roomEvents(viewer, room, query);
  }
}
