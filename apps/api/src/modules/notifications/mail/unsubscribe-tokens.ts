import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_CATEGORIES, type UnsubscribeTopic } from '@praxis/contracts';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';

const TOPICS: readonly string[] = [...NOTIFICATION_CATEGORIES, 'digest'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UnsubscribeClaim {
  userId: string;
  topic: UnsubscribeTopic;
}

/**
 * The token in every email's unsubscribe link (O3, RFC 8058): the member and the one topic it
 * switches off, signed with a key of its own derived from JWT_SECRET. It is not secret-bearing
 * beyond that (it can only turn one kind of email off for one member) and does not expire, since
 * an old email's link must keep working. Anything altered fails the signature.
 */
@Injectable()
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createHmac('sha256', config.jwtSecret).update('praxis:unsubscribe:v1').digest();
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  issue(claim: UnsubscribeClaim): string {
    const payload = Buffer.from(`${claim.userId}:${claim.topic}`).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claim, or null for anything forged, altered or malformed. */
  verify(token: string): UnsubscribeClaim | null {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const [userId, topic, ...extra] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
    if (extra.length || !UUID.test(userId ?? '') || !TOPICS.includes(topic ?? '')) return null;
    return { userId, topic: topic as UnsubscribeTopic };
  }
}
