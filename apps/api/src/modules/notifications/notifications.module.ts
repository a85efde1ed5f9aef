import { Module } from '@nestjs/common';
import { NotificationMail } from './mail/notification-mail.js';
import { UnsubscribeTokens } from './mail/unsubscribe-tokens.js';
import { NotificationDigests } from './notification-digests.js';
import { NotificationPreferencesController } from './notification-preferences.controller.js';
import { NotificationPreferencesRepository } from './notification-preferences.repository.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Notifications (O1–O3): stored, pushed live to the private user room, listed and marked read;
 * mailed at once or gathered into digests as each member chose, with one-click unsubscribe.
 * Features that notify about their things register who may read them (registerTargetRule).
 */
@Module({
  controllers: [NotificationsController, NotificationPreferencesController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationPreferencesRepository,
    NotificationPreferencesService,
    NotificationMail,
    UnsubscribeTokens,
    NotificationDigests,
  ],
  exports: [NotificationsService, NotificationDigests],
})
export class NotificationsModule {}
