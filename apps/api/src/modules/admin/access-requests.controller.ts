import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessRequest, AdminUser, Page } from '@praxis/contracts';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { AccessRequestsService } from './access-requests.service.js';
import { PageQueryDto } from '../users/dto/page-query.dto.js';
import { RejectAccessRequestDto } from './dto/admin.dto.js';

// Not @AdminOnly: organisation focal points use the same routes for their own organisation;
// AdminPolicy decides who sees and decides what.
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/access-requests')
export class AccessRequestsController {
  constructor(private readonly requests: AccessRequestsService) {}

  @Get()
  @ApiOperation({ summary: 'Pending applicants, oldest first (admins: all; focal points: their organisation)' })
  list(@CurrentViewer() viewer: Viewer, @Query() query: PageQueryDto): Promise<Page<AccessRequest>> {
    return this.requests.list(viewer, query);
  }

  @Post(':userId/approve')
  @ApiOperation({ summary: 'Approve an applicant; they are told by email and in the app' })
  approve(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string): Promise<AdminUser> {
    return this.requests.approve(viewer, userId);
  }

  @Post(':userId/reject')
  @ApiOperation({ summary: 'Reject an applicant with a reason they are told' })
  reject(
    @CurrentViewer() viewer: Viewer,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: RejectAccessRequestDto,
  ): Promise<AdminUser> {
    return this.requests.reject(viewer, userId, body.reason);
  }
}
