import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { FilesPolicy } from '../files/files.policy.js';
import { HubSettingsModule } from '../hub-settings/hub-settings.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AccountNotices } from './account-notices.js';
import { MembersController } from './members.controller.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { MeController } from './users.controller.js';
import { UsersPolicy } from './users.policy.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), FilesModule, NotificationsModule, HubSettingsModule],
  controllers: [MeController, MembersController],
  providers: [UsersRepository, UsersPolicy, UsersService, AccountNotices],
  exports: [UsersRepository, UsersPolicy, AccountNotices],
})
export class UsersModule implements OnModuleInit {
  constructor(
    private readonly filesPolicy: FilesPolicy,
    private readonly users: UsersRepository,
    private readonly policy: UsersPolicy,
  ) {}

  /** An avatar file is readable by whoever may see its owner's profile. */
  onModuleInit() {
    this.filesPolicy.registerOwnerRule('avatar', async (viewer, file) => {
      const owner = file.ownerId ? await this.users.findById(file.ownerId) : null;
      return owner !== null && this.policy.mayViewProfile(viewer, owner);
    });
  }
}
