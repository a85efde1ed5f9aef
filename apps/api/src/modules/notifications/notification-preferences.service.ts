import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  DEFAULT_NOTIFICATION_CHANNELS,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CATEGORY_OF_KIND,
  type NotificationCategory,
  type NotificationChannel,
  type NotificationPreferences,
  type UnsubscribeResponse,
  type UpdateNotificationPreferencesRequest,
} from '@praxis/contracts';
import { UnsubscribeTokens, type UnsubscribeClaim } from './mail/unsubscribe-tokens.js';
import { NotificationPreferencesRepository, type RecipientRow } from './notification-preferences.repository.js';

/** The member's channel for each category: what they chose, else the calm default. */
export function channelsOf(row: Pick<RecipientRow, 'channels'>): Record<NotificationCategory, NotificationChannel> {
  return Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, row.channels[c] ?? DEFAULT_NOTIFICATION_CHANNELS[c]])) as Record<NotificationCategory, NotificationChannel>;
}

/** How a notification of `kind` reaches the member; kinds outside every category stay in the app. */
export function channelFor(row: Pick<RecipientRow, 'channels'>, kind: string): NotificationChannel {
  const category = NOTIFICATION_CATEGORY_OF_KIND[kind];
  return category ? channelsOf(row)[category] : 'app';
}

/** The kinds whose notifications go into the member's digest. */
export function digestKinds(row: Pick<RecipientRow, 'channels'>): string[] {
  const channels = channelsOf(row);
  return Object.entries(NOTIFICATION_CATEGORY_OF_KIND)
    .filter(([, category]) => channels[category] === 'digest')
    .map(([kind]) => kind);
}

function masked(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(2, Math.min(6, local.length - 1)))}@${domain}`;
}

/** O3: each member's choices, and the one-click unsubscribe that needs no sign-in. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly preferences: NotificationPreferencesRepository,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  async get(userId: string): Promise<NotificationPreferences> {
    const row = await this.preferences.recipient(userId);
    if (!row) throw new NotFoundException('Member not found');
    return { channels: channelsOf(row), digest: row.digest };
  }

  async update(userId: string, input: UpdateNotificationPreferencesRequest): Promise<NotificationPreferences> {
    const channels = Object.fromEntries(Object.entries(input.channels ?? {}).filter(([, value]) => value !== undefined));
    await this.preferences.update(userId, channels, input.digest ?? null);
    return this.get(userId);
  }

  /** What a link switches off and whether it already is; a forged or altered token is a 400. */
  async describe(token: string): Promise<UnsubscribeResponse> {
    const { claim, row } = await this.resolve(token);
    const unsubscribed = claim.topic === 'digest' ? row.digest === 'off' : !['email', 'digest'].includes(channelsOf(row)[claim.topic]);
    return { topic: claim.topic, email: masked(row.email), unsubscribed };
  }

  /**
   * Switches off the link's topic for the link's member and nothing else: the digest, or the
   * email of one category (its notifications stay in the app). Repeating it changes nothing.
   */
  async unsubscribe(token: string): Promise<UnsubscribeResponse> {
    const { claim, row } = await this.resolve(token);
    if (claim.topic === 'digest') await this.preferences.update(row.id, {}, 'off');
    else if (['email', 'digest'].includes(channelsOf(row)[claim.topic])) await this.preferences.update(row.id, { [claim.topic]: 'app' }, null);
    return { topic: claim.topic, email: masked(row.email), unsubscribed: true };
  }

  private async resolve(token: string): Promise<{ claim: UnsubscribeClaim; row: RecipientRow }> {
    const claim = this.tokens.verify(token);
    if (!claim) throw new BadRequestException('This unsubscribe link is not valid: it may have been cut or altered. Open the settings page to change your emails.');
    const row = await this.preferences.recipient(claim.userId);
    if (!row) throw new NotFoundException('This account no longer exists');
    return { claim, row };
  }
}
