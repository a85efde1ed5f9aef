import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminUser, Page } from '@praxis/contracts';
import { AdminOnly, CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { AdminUsersService } from './admin-users.service.js';
import { AdminUsersQueryDto, FocalPointDto, SuspendUserDto } from './dto/admin.dto.js';

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every account, by name; search by name, email or organisation; filter by status' })
  list(@CurrentViewer() viewer: Viewer, @Query() query: AdminUsersQueryDto): Promise<Page<AdminUser>> {
    return this.admin.list(viewer, query);
  }

  @Post(':userId/suspend')
  @ApiOperation({ summary: 'Suspend an account: every session and live socket ends at once' })
  suspend(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string, @Body() body: SuspendUserDto): Promise<AdminUser> {
    return this.admin.suspend(viewer, userId, body.reason ?? null);
  }

  @Post(':userId/reinstate')
  @ApiOperation({ summary: 'Reinstate a suspended account as an active member' })
  reinstate(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string): Promise<AdminUser> {
    return this.admin.reinstate(viewer, userId);
  }

  @Post(':userId/admin')
  @ApiOperation({ summary: 'Grant platform admin rights' })
  grantAdmin(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string): Promise<AdminUser> {
    return this.admin.grantAdmin(viewer, userId);
  }

  @Delete(':userId/admin')
  @ApiOperation({ summary: 'Withdraw platform admin rights (never your own, never the last admin)' })
  withdrawAdmin(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string): Promise<AdminUser> {
    return this.admin.withdrawAdmin(viewer, userId);
  }

  @Put(':userId/focal-point')
  @ApiOperation({ summary: "Make a member the focal point of an organisation: they decide that organisation's access requests" })
  setFocalPoint(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string, @Body() body: FocalPointDto): Promise<AdminUser> {
    return this.admin.setFocalPoint(viewer, userId, body.organisation);
  }

  @Delete(':userId/focal-point')
  @ApiOperation({ summary: 'End a focal-point appointment' })
  removeFocalPoint(@CurrentViewer() viewer: Viewer, @Param('userId', ParseUUIDPipe) userId: string): Promise<AdminUser> {
    return this.admin.removeFocalPoint(viewer, userId);
  }
}
