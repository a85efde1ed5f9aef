import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { HubController } from './hub.controller.js';
import { HubSettingsController } from './hub-settings.controller.js';
import { HubSettingsPolicy } from './hub-settings.policy.js';
import { HubSettingsRepository } from './hub-settings.repository.js';
import { HubSettingsService } from './hub-settings.service.js';

/**
 * Hub settings (D2). Features whose behaviour a setting decides (registration, auto-approval,
 * who creates networks) import this module and ask HubSettingsService.current().
 */
@Module({
  imports: [AuditModule],
  controllers: [HubController, HubSettingsController],
  providers: [HubSettingsRepository, HubSettingsPolicy, HubSettingsService],
  exports: [HubSettingsService],
})
export class HubSettingsModule {}
