import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuditPolicy } from '../audit/audit.policy.js';
import { HubSettingsModule } from '../hub-settings/hub-settings.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { RoomAuthorizer } from '../../realtime/room-authorizer.js';
import { CategoriesService } from './categories.service.js';
import { NetworksController } from './networks.controller.js';
import { NetworksPolicy } from './networks.policy.js';
import { NetworksRepository } from './networks.repository.js';
import { NetworksService } from './networks.service.js';
import { RoomLogRepository } from './room-log.repository.js';

/**
 * Networks, memberships and categories (N1–N6). Exports the NetworksPolicy for the other doors and
 * the room log that every room-event writer uses.
 */
@Module({
  imports: [AuditModule, HubSettingsModule, NotificationsModule, RealtimeModule],
  controllers: [NetworksController],
  providers: [NetworksRepository, NetworksPolicy, NetworksService, CategoriesService, RoomLogRepository],
  exports: [NetworksPolicy, NetworksService, NetworksRepository, RoomLogRepository],
})
export class NetworksModule implements OnModuleInit {
  constructor(
    private readonly policy: NetworksPolicy,
    private readonly rooms: RoomAuthorizer,
    private readonly auditPolicy: AuditPolicy,
    private readonly notifications: NotificationsService,
  ) {}

  /** Socket rooms, the audit log and notifications ask this feature's policy, the same one the REST routes ask. */
  onModuleInit() {
    this.rooms.register('network', (userId, id) => this.policy.canReadNetwork(userId, id));
    this.rooms.register('thread', (userId, id) => this.policy.canReadThread(userId, id));
    this.auditPolicy.allowNetworkReaders((viewer, networkId) => this.policy.canModerateNetwork(viewer.user.id, networkId));
    // Notifications about a network or a thread are created and listed only for those who may read it.
    this.notifications.registerTargetRule('network', (userId, id) => this.policy.canReadNetwork(userId, id));
    this.notifications.registerTargetRule('thread', (userId, id) => this.policy.canReadThread(userId, id));
  }
}
