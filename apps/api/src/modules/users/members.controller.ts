import { Controller, Get, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { MemberProfile, Page } from '@praxis/contracts';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { DirectoryQueryDto } from './dto/profile.dto.js';
import { UsersService } from './users.service.js';

// Members only (the global guard's default): applicants and visitors see no one.
@ApiTags('members')
@ApiBearerAuth()
@Controller()
export class MembersController {
  constructor(private readonly users: UsersService) {}

  @Get('members')
  @ApiOperation({ summary: 'Member directory: search and filter by organisation type, country, expertise and language' })
  directory(@Query() query: DirectoryQueryDto): Promise<Page<MemberProfile>> {
    return this.users.directory(query);
  }

  @Get('members/:userId')
  @ApiOperation({ summary: "A member's profile" })
  profile(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string): Promise<MemberProfile> {
    return this.users.profile(viewer, userId);
  }

  @Get('users/:userId/avatar')
  @ApiOperation({ summary: "A member's avatar image" })
  async avatar(
    @CurrentViewer() viewer: Viewer,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { file, content } = await this.users.avatar(viewer, userId);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // The URL carries the avatar's version, so a private cache may keep it; members only, never shared caches.
    response.setHeader('Cache-Control', 'private, max-age=86400');
    return new StreamableFile(content, { type: file.mimeType, length: content.length, disposition: 'inline' });
  }
}
