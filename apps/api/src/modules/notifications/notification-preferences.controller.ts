import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NotificationPreferences, UnsubscribeResponse } from '@praxis/contracts';
import { CurrentViewer, Public, type Viewer } from '../auth/auth.decorators.js';
import { UnsubscribeQueryDto, UpdateNotificationPreferencesDto } from './notifications.dto.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';

@ApiTags('notifications')
@Controller()
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get('me/notification-preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My channel per kind of notification (app, email, digest, off) and my digest frequency' })
  get(@CurrentViewer() viewer: Viewer): Promise<NotificationPreferences> {
    return this.preferences.get(viewer.user.id);
  }

  @Patch('me/notification-preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change some of my channels and/or my digest frequency; answers all of them' })
  update(@CurrentViewer() viewer: Viewer, @Body() body: UpdateNotificationPreferencesDto): Promise<NotificationPreferences> {
    return this.preferences.update(viewer.user.id, body);
  }

  @Public()
  @Get('unsubscribe')
  @ApiOperation({ summary: 'What an email’s unsubscribe link switches off (no sign-in)' })
  describe(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribeResponse> {
    return this.preferences.describe(query.token);
  }

  /** The link's landing page posts here, and so do mail clients' one-click buttons (RFC 8058, body List-Unsubscribe=One-Click). */
  @Public()
  @Post('unsubscribe')
  @HttpCode(200)
  @ApiOperation({ summary: 'Switch off the email the link is for, for its member only (no sign-in; RFC 8058 one-click)' })
  unsubscribe(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribeResponse> {
    return this.preferences.unsubscribe(query.token);
  }
}
