import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { CreateReportDto, ReportQueueQueryDto, ResolveReportDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('moderation')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post('reports')
  @ApiOperation({ summary: 'Report a post, thread, resource, event or member one may read; reporting again updates the report' })
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateReportDto) {
    return this.reports.create(viewer, dto);
  }

  @Get('networks/:id/reports')
  @ApiOperation({ summary: 'The network’s moderation queue (its moderators and owners; admins)' })
  networkQueue(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Query() query: ReportQueueQueryDto) {
    return this.reports.queue(viewer, id, query);
  }

  @Get('reports')
  @ApiOperation({ summary: 'The hub-wide queue: reported members, hub-wide resources and events (admins)' })
  hubQueue(@CurrentViewer() viewer: Viewer, @Query() query: ReportQueueQueryDto) {
    return this.reports.queue(viewer, null, query);
  }

  @Post('reports/:id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve every open report of the target with one action: dismiss, hide, delete, lock, warn, mute, remove or ban' })
  resolve(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: ResolveReportDto) {
    return this.reports.resolve(viewer, id, dto);
  }
}
