import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { CommonModule } from './common/common.module.js';
import { RateLimitModule } from './modules/rate-limit/rate-limit.module.js';
import { MailModule } from './modules/mail/mail.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { HubSettingsModule } from './modules/hub-settings/hub-settings.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { FilesModule } from './modules/files/files.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { FileTextModule } from './modules/file-text/file-text.module.js';
import { LibraryModule } from './modules/library/library.module.js';
import { SearchModule } from './modules/search/search.module.js';
import { ModerationModule } from './modules/moderation/moderation.module.js';
import { SeedModule } from './database/seed/seed.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { NetworksModule } from './modules/networks/networks.module.js';
import { ForumModule } from './modules/forum/forum.module.js';

@Module({})
export class AppModule {
  /** The whole application for one configuration and one resolved database URL. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), autoLoadEntities: true }),
        CommonModule,
        RateLimitModule,
        MailModule,
        HealthModule,
        UsersModule,
        AuthModule,
        AdminModule,
        HubSettingsModule,
        AuditModule,
        NotificationsModule,
        FilesModule,
        FileTextModule,
        LibraryModule,
        SearchModule,
        ModerationModule,
        EventsModule,
        SeedModule,
        RealtimeModule,
        NetworksModule,
        ForumModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
