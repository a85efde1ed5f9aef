import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { FilesModule } from '../files/files.module.js';
import { FilesPolicy } from '../files/files.policy.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { NetworksPolicy } from '../networks/networks.policy.js';
import { NetworksService } from '../networks/networks.service.js';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { UsersModule } from '../users/users.module.js';
import { ForumController } from './forum.controller.js';
import { HeldPostsController } from './held-posts.controller.js';
import { HeldPostsRepository } from './held-posts.repository.js';
import { HeldPostsService } from './held-posts.service.js';
import { ForumRepository } from './forum.repository.js';
import { ForumService } from './forum.service.js';
import { NetworksDemoSeeder } from './networks-demo-seeder.js';

/** Threads, posts, reactions, follows, read positions and mentions (F1–F8, R4). */
@Module({
  imports: [NetworksModule, FilesModule, AuditModule, NotificationsModule, RealtimeModule, UsersModule],
  controllers: [ForumController, HeldPostsController],
  providers: [ForumRepository, ForumService, HeldPostsRepository, HeldPostsService, NetworksDemoSeeder],
  exports: [ForumService, NetworksDemoSeeder],
})
export class ForumModule implements OnModuleInit {
  constructor(
    private readonly networks: NetworksService,
    private readonly forum: ForumService,
    private readonly filesPolicy: FilesPolicy,
    private readonly policy: NetworksPolicy,
  ) {}

  /**
   * The network home shows pinned threads and recent activity from the forum. A post's attachments
   * (F9) follow the post: the thread's network as it is now, deleted posts' files for moderators only.
   */
  onModuleInit() {
    this.networks.registerHomeProvider((viewer, networkId) => this.forum.homeSections(viewer, networkId));
    this.filesPolicy.registerOwnerRule(
      'post',
      async (viewer, file) => file.ownerId !== null && viewer.user.status === 'active' && (await this.policy.canReadPostFiles(viewer.user.id, file.ownerId)),
    );
  }
}
