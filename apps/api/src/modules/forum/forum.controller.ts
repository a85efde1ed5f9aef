import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { REACTIONS, type FollowResponse, type MarkdownPreviewResponse, type MarkReadResponse, type Page, type Post as ForumPost, type PostRevision, type Reaction, type ReactionsResponse, type StoredRoomEvent, type ThreadDetail, type ThreadSummary } from '@praxis/contracts';
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { CreatePostDto, CreateThreadDto, FollowDto, MarkdownPreviewDto, MarkReadDto, PostListQueryDto, RoomEventsQueryDto, ThreadListQueryDto, UpdatePostDto, UpdateThreadDto } from './dto/forum.dto.js';
import { renderMarkdown } from '../../common/markdown.js';
import { ForumService } from './forum.service.js';

const Id = () => Param('id', ParseUUIDPipe);

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
  @ApiOperation({ summary: 'Start a thread (members; moderator-only categories for moderators); a repeated clientId answers the first thread' })
  createThread(@CurrentViewer() viewer: Viewer, @Param('id') id: string, @Body() body: CreateThreadDto): Promise<ThreadDetail> {
    return this.forum.createThread(viewer, id, body);
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
  @ApiOperation({ summary: 'Reply; a repeated clientId answers the first post (201) and creates nothing' })
  createPost(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: CreatePostDto): Promise<ForumPost> {
    return this.forum.createPost(viewer, id, body);
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
