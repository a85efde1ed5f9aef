import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { HeldPostsService } from './held-posts.service.js';

const Id = () => Param('id', ParseUUIDPipe);

export class RejectHeldPostDto {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

@ApiTags('moderation')
@ApiBearerAuth()
@Controller()
export class HeldPostsController {
  constructor(private readonly held: HeldPostsService) {}

  @Get('networks/:id/held-posts')
  @ApiOperation({ summary: 'Posts waiting for approval in the network (M2; its moderators)' })
  inNetwork(@CurrentViewer() viewer: Viewer, @Id() id: string) {
    return this.held.pendingInNetwork(viewer, id);
  }

  @Get('threads/:id/held-posts')
  @ApiOperation({ summary: 'Posts waiting for approval in the thread: one’s own, or all for moderators' })
  inThread(@CurrentViewer() viewer: Viewer, @Id() id: string) {
    return this.held.pendingInThread(viewer, id);
  }

  @Post('held-posts/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a held post: it takes its room’s next seq now and goes out live' })
  approve(@CurrentViewer() viewer: Viewer, @Id() id: string) {
    return this.held.approve(viewer, id);
  }

  @Post('held-posts/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Do not publish a held post; its author is told' })
  reject(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: RejectHeldPostDto) {
    return this.held.reject(viewer, id, body.reason?.trim() || null);
  }
}
