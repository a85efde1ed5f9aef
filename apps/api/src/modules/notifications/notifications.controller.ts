import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MarkNotificationsReadResponse, NotificationsPage } from '@praxis/contracts';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { MarkNotificationsReadDto, NotificationListQueryDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first (keyset), with my unread count; only those whose subject I may still read' })
  list(@CurrentViewer() viewer: Viewer, @Query() query: NotificationListQueryDto): Promise<NotificationsPage> {
    return this.notifications.list(viewer.user.id, query);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark some of my notifications ({ids}) or all of them ({all: true}) read; ids that are not mine are ignored' })
  markRead(@CurrentViewer() viewer: Viewer, @Body() body: MarkNotificationsReadDto): Promise<MarkNotificationsReadResponse> {
    return this.notifications.markRead(viewer.user.id, body);
  }
}
