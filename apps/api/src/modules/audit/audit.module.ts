import { Module } from '@nestjs/common';
import { AuditLogController } from './audit.controller.js';
import { AuditPolicy } from './audit.policy.js';
import { AuditRepository } from './audit.repository.js';
import { AuditLogService } from './audit.service.js';

/**
 * The audit log. Import this module to write lines (AuditLogService.record) or to let network
 * moderators read their network's lines (AuditPolicy.allowNetworkReaders).
 */
@Module({
  controllers: [AuditLogController],
  providers: [AuditRepository, AuditPolicy, AuditLogService],
  exports: [AuditLogService, AuditPolicy],
})
export class AuditModule {}
