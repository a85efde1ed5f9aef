import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { NetworksService } from '../networks/networks.service.js';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { ForumController } from './forum.controller.js';
import { ForumRepository } from './forum.repository.js';
import { ForumService } from './forum.service.js';
import { NetworksDemoSeeder } from './networks-demo-seeder.js';

/** Threads, posts, reactions, follows, read positions and mentions (F1–F8, R4). */
@Module({
  imports: [NetworksModule, AuditModule, NotificationsModule, RealtimeModule],
  controllers: [ForumController],
  providers: [ForumRepository, ForumService, NetworksDemoSeeder],
  exports: [ForumService, NetworksDemoSeeder],
})
export class ForumModule implements OnModuleInit {
  constructor(
    private readonly networks: NetworksService,
    private readonly forum: ForumService,
  ) {}

  /** The network home shows pinned threads and recent activity from the forum. */
  onModuleInit() {
    this.networks.registerHomeProvider((viewer, networkId) => this.forum.homeSections(viewer, networkId));
  }
}
