import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { AdminAccounts } from './admin-accounts.js';

@Module({
  imports: [UsersModule],
  providers: [AdminAccounts],
  exports: [AdminAccounts],
})
export class AdminModule {}
