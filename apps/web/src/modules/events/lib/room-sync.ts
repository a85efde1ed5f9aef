import type { PraxisSocket } from '../../../realtime/socket';
import type { RoomEventItem } from '../api/events-api';

/** The socket events of an `event:<id>` room (contracts: ServerToClientEvents). */
export const EVENT_ROOM_EVENTS = ['event.updated', 'attendance.updated', 'chat.message', 'question.created', 'question.updated'] as const;
export type EventRoomEventName = (typeof EVENT_ROOM_EVENTS)[number];

/** The room log answers at most this many entries per request. */
const CATCH_UP_PAGE = 500;

export interface RoomSyncOptions {
  room: string;
  /** What happened in the room after `after`, in seq order (REST catch-up, R4). */
  fetchSince: (after: number) => Promise<RoomEventItem[]>;
  /** Applies one room event; called exactly once per seq, in order. */
  apply: (item: RoomEventItem) => void;
  /** The first subscription set the baseline: reload the REST snapshots (they now include everything up to it). */
  onBaseline: () => void;
  onRefused: (error: string) => void;
  /** Marks a catch-up as running (the header's "catching up"); returns the function that ends it. */
  beginCatchUp: () => () => void;
}

/**
 * Keeps one room in sequence (SPEC R4): applies live events whose seq follows the last applied,
 * drops repeats, and when it sees a gap, or after a reconnect, fetches what it missed over REST
 * before applying the events that arrived meanwhile.
 */
export class RoomSync {
  private last: number | null = null;
  private buffer: RoomEventItem[] = [];
  private catching = false;
  private again = false;
  private stopped = false;
  private readonly unbind: (() => void)[] = [];

  constructor(
    private readonly socket: PraxisSocket,
    private readonly options: RoomSyncOptions,
  ) {}

  /** Listens to the room's events; call join() on every (re)connection. */
  start(): void {
    for (const name of EVENT_ROOM_EVENTS) {
      const handler = (payload: { room: string; seq: number } & Record<string, unknown>) => this.receive({ seq: payload.seq, event: name, payload });
      this.socket.on(name, handler);
      this.unbind.push(() => this.socket.off(name, handler));
    }
    // R2: the server took us out of the room (the event's visibility or network changed).
    const revoked = ({ room }: { room: string }) => {
      if (room === this.options.room && !this.stopped) this.options.onRefused('access changed');
    };
    this.socket.on('room.unsubscribed', revoked);
    this.unbind.push(() => this.socket.off('room.unsubscribed', revoked));
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.unbind.splice(0)) off();
    if (this.socket.connected) this.socket.emit('unsubscribe', { room: this.options.room }, () => undefined);
  }

  get lastSeq(): number | null {
    return this.last;
  }

  /** Subscribes (again: the server forgets rooms when a connection drops) and catches up if needed. */
  join(): void {
    if (this.stopped || !this.socket.connected) return;
    this.socket.emit('subscribe', { room: this.options.room }, (ack) => {
      if (this.stopped) return;
      if (!ack.ok) {
        this.options.onRefused(ack.error);
        return;
      }
      if (this.last === null) {
        this.last = ack.seq;
        this.buffer = this.buffer.filter((item) => item.seq > ack.seq);
        this.options.onBaseline();
        if (this.buffer.length) void this.catchUp();
      } else if (ack.seq > this.last) {
        void this.catchUp();
      }
    });
  }

  /** A live event from the socket. */
  receive(item: RoomEventItem): void {
    if (this.stopped || item.payload.room !== this.options.room || typeof item.seq !== 'number') return;
    if (this.last === null || this.catching) {
      this.buffer.push(item);
      return;
    }
    if (item.seq <= this.last) return; // already applied
    if (item.seq === this.last + 1) {
      this.last = item.seq;
      this.options.apply(item);
      return;
    }
    this.buffer.push(item);
    void this.catchUp();
  }

  /** Fetches the missed events over REST, then applies what the socket delivered meanwhile. */
  async catchUp(): Promise<void> {
    if (this.catching) {
      this.again = true;
      return;
    }
    if (this.last === null) return;
    this.catching = true;
    const done = this.options.beginCatchUp();
    let rounds = 0;
    try {
      do {
        this.again = false;
        rounds += 1;
        for (;;) {
          const items = await this.options.fetchSince(this.last);
          if (this.stopped) return;
          for (const item of [...items].sort((a, b) => a.seq - b.seq)) this.applyInOrder(item);
          if (items.length < CATCH_UP_PAGE) break;
        }
        const waiting = this.buffer.sort((a, b) => a.seq - b.seq);
        this.buffer = [];
        for (const item of waiting) {
          if (item.seq <= this.last) continue;
          // After a few rounds a hole the log cannot fill (trimmed history) is skipped, not waited on forever.
          if (item.seq === this.last + 1 || rounds >= 3) this.applyInOrder(item);
          else {
            // Still a hole: go round once more.
            this.buffer.push(item);
            this.again = true;
          }
        }
      } while (this.again && !this.stopped);
    } catch {
      // Offline or refused: keep what is buffered; the next event or reconnection tries again.
    } finally {
      this.catching = false;
      done();
    }
  }

  private applyInOrder(item: RoomEventItem) {
    if (this.last === null || item.seq <= this.last) return;
    this.last = item.seq;
    this.options.apply(item);
  }
}
