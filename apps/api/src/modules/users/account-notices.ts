import { Injectable, Logger } from '@nestjs/common';
import { MailService } from '../mail/mail.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { UserEntity } from './user.entity.js';

/**
 * Tells a person about decisions on their account in the app and, as they chose (decisions are
 * emailed at once by default, O2/O3), by email. Called after the decision committed; a failure to
 * deliver is logged and never undoes or fails the decision itself.
 */
@Injectable()
export class AccountNotices {
  private readonly logger = new Logger(AccountNotices.name);

  constructor(
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
  ) {}

  private async deliver(user: UserEntity, kind: string, title: string, body: string, link: string, subject: string, text: string) {
    await this.notifications.notify(user.id, { kind, title, body, link, email: { subject, text } }).catch((error: unknown) => {
      this.logger.error({ msg: 'could not deliver a decision', kind, userId: user.id, err: error });
    });
  }

  accessApproved(user: UserEntity): Promise<void> {
    return this.deliver(
      user,
      'access.approved',
      'Your access to Praxis was approved',
      'Welcome: you can now join networks, take part in discussions and find other members.',
      '/',
      'Your access to Praxis was approved',
      `Your request for access to Praxis was approved. You can sign in here:\n` +
        `${this.mail.link('/sign-in')}\n\nWelcome to the community.\n`,
    );
  }

  accessRejected(user: UserEntity, reason: string): Promise<void> {
    return this.deliver(
      user,
      'access.rejected',
      'Your access request was not approved',
      reason,
      '/pending',
      'Your request for access to Praxis',
      `Your request for access to Praxis was not approved.\n\nReason given:\n${reason}\n\n` +
        'If you think this is a mistake, reply to the person who referred you or apply again with more detail.\n',
    );
  }

  focalPointAppointed(user: UserEntity, organisation: string): Promise<void> {
    return this.deliver(
      user,
      'focal-point.appointed',
      `You are now the focal point for ${organisation}`,
      'You can review and decide access requests from people of your organisation.',
      '/admin/access-requests',
      `You are the Praxis focal point for ${organisation}`,
      `A platform administrator made you the focal point for ${organisation}. ` +
        `You can now approve or reject access requests from people of your organisation:\n${this.mail.link('/admin/access-requests')}\n`,
    );
  }
}
