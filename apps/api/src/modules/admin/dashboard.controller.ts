import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DASHBOARD_TABLES, type AdminDashboard } from '@praxis/contracts';
import { AdminOnly, CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { DashboardService } from './dashboard.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('admin/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({ summary: 'Dashboard figures: members, networks, threads and posts per week, event attendance, top tags, open reports' })
  get(@CurrentViewer() viewer: Viewer): Promise<AdminDashboard> {
    return this.dashboard.dashboard(viewer);
  }

  @Get(':table.csv')
  @ApiOperation({ summary: 'One dashboard table as a CSV download' })
  @ApiParam({ name: 'table', enum: DASHBOARD_TABLES })
  @ApiProduces('text/csv')
  async csv(@CurrentViewer() viewer: Viewer, @Param('table') table: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { filename, content } = await this.dashboard.csv(viewer, table);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(Buffer.from(content, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }
}
