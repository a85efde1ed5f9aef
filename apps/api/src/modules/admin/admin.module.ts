import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { FilesModule } from '../files/files.module.js';
import { FilesPolicy } from '../files/files.policy.js';
import { UsersModule } from '../users/users.module.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccessRequestsController } from './access-requests.controller.js';
import { AccessRequestsService } from './access-requests.service.js';
import { AdminAccounts } from './admin-accounts.js';
import { AdminPolicy } from './admin.policy.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardRepository } from './dashboard.repository.js';
import { DashboardService } from './dashboard.service.js';

@Module({
  imports: [UsersModule, FilesModule, AuditModule],
  controllers: [AccessRequestsController, AdminUsersController, DashboardController],
  providers: [AdminAccounts, AdminPolicy, AccessRequestsService, AdminUsersService, DashboardRepository, DashboardService],
  exports: [AdminAccounts, AdminPolicy, AdminUsersService],
})
export class AdminModule implements OnModuleInit {
  constructor(
    private readonly filesPolicy: FilesPolicy,
    private readonly users: UsersRepository,
    private readonly policy: AdminPolicy,
  ) {}

  /** A nomination letter is read by its author and by whoever may decide on the author's request. */
  onModuleInit() {
    this.filesPolicy.registerOwnerRule('registration', async (viewer, file) => {
      const owner = file.ownerId ? await this.users.findById(file.ownerId) : null;
      return owner !== null && this.policy.mayReadRegistrationFile(viewer, owner);
    });
  }
}
