import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditEntry, Page } from '@praxis/contracts';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { AuditLogService } from './audit.service.js';
import { AuditLogQueryDto } from './dto/audit-log-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  // Not @AdminOnly: network moderators read their network's lines; AuditPolicy decides.
  @Get()
  @ApiOperation({ summary: 'Audit log of admin and moderation actions, newest first (admins; moderators for their network)' })
  list(@CurrentViewer() viewer: Viewer, @Query() query: AuditLogQueryDto): Promise<Page<AuditEntry>> {
    return this.audit.list(viewer, query);
  }
}
