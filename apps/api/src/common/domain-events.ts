import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * Facts that other features react to, published by services after their transaction commits
 * (the realtime layer turns them into socket events; notifications and mail listen too).
 * Each feature adds its events to this map.
 */
export interface DomainEventMap {
  /** Sessions ended (sign-out, revocation, suspension): their live sockets must close. */
  'sessions.revoked': { userId: string; sessionIds: string[] };
  /** The account can no longer be used (suspended, rejected): every socket of it closes. */
  'user.access-ended': { userId: string };
}

@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter({ captureRejections: true });
  private readonly logger = new Logger(DomainEvents.name);

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    for (const listener of this.emitter.listeners(name)) {
      // A listener's failure must never undo or fail the write that already committed.
      Promise.resolve()
        .then(() => (listener as (p: DomainEventMap[K]) => unknown)(payload))
        .catch((error: unknown) => this.logger.error({ msg: `listener of ${name} failed`, err: error }));
    }
  }

  on<K extends keyof DomainEventMap>(name: K, listener: (payload: DomainEventMap[K]) => unknown): void {
    this.emitter.on(name, listener);
  }
}
