import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { EventsModule } from '../events/events.module.js';
import { ForumModule } from '../forum/forum.module.js';
import { LibraryModule } from '../library/library.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { ModerationPolicy } from './moderation.policy.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** Reports and the moderation queue (M1); actions are carried out by the features that own the targets. */
@Module({
  imports: [AdminModule, AuditModule, EventsModule, ForumModule, LibraryModule, NetworksModule, NotificationsModule, UsersModule],
  controllers: [ReportsController],
  providers: [ModerationPolicy, ReportsRepository, ReportsService],
})
export class ModerationModule {}
