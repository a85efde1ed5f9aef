import { Module } from '@nestjs/common';
import { AdminModule } from '../../modules/admin/admin.module.js';
import { UsersModule } from '../../modules/users/users.module.js';
import { EventsModule } from '../../modules/events/events.module.js';
import { ForumModule } from '../../modules/forum/forum.module.js';
import { LibraryModule } from '../../modules/library/library.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({ imports: [UsersModule, AdminModule, EventsModule, ForumModule, LibraryModule], providers: [DemoSeeder] })
export class SeedModule {}
