import { describe, expect, it, vi } from 'vitest';
import type { PraxisSocket } from '../../../realtime/socket';
import type { RoomEventItem } from '../api/events-api';
import { RoomSync } from './room-sync';

const ROOM = 'event:6f1c2a3b-0000-4000-8000-000000000001';

function fakeSocket(subscribeSeq: () => number) {
  const handlers = new Map<string, (payload: Record<string, unknown>) => void>();
  const socket = {
    connected: true,
    on: (name: string, handler: (payload: Record<string, unknown>) => void) => handlers.set(name, handler),
    off: (name: string) => handlers.delete(name),
    emit: (name: string, _payload: unknown, ack: (result: unknown) => void) => {
      if (name === 'subscribe') ack({ ok: true, seq: subscribeSeq() });
      else ack({ ok: true, seq: 0 });
    },
  };
  const push = (event: string, seq: number, extra: Record<string, unknown> = {}) => handlers.get(event)?.({ room: ROOM, seq, ...extra });
  return { socket: socket as unknown as PraxisSocket, push, handlers };
}

const item = (seq: number, event = 'chat.message'): RoomEventItem => ({ seq, event, payload: { room: ROOM, seq } });

function setup(log: RoomEventItem[], latest = () => 2) {
  const applied: number[] = [];
  const fetchSince = vi.fn(async (after: number) => log.filter((i) => i.seq > after));
  const onBaseline = vi.fn();
  const fake = fakeSocket(latest);
  const sync = new RoomSync(fake.socket, {
    room: ROOM,
    fetchSince,
    apply: (i) => applied.push(i.seq),
    onBaseline,
    onRefused: vi.fn(),
    beginCatchUp: () => () => undefined,
  });
  sync.start();
  return { sync, applied, fetchSince, onBaseline, ...fake };
}

describe('the event room in sequence (R4)', () => {
  it('takes the subscribe seq as baseline, applies the next events once and drops repeats', () => {
    const { sync, applied, push, onBaseline, fetchSince } = setup([]);
    sync.join();
    expect(onBaseline).toHaveBeenCalledOnce();
    push('chat.message', 2); // already in the snapshot
    push('chat.message', 3);
    push('question.created', 4);
    push('question.created', 4);
    expect(applied).toEqual([3, 4]);
    expect(fetchSince).not.toHaveBeenCalled();
  });

  it('fills a gap over REST before applying what came after it', async () => {
    const log = [item(3), item(4), item(5), item(6)];
    const { sync, applied, push, fetchSince } = setup(log);
    sync.join();
    push('chat.message', 3);
    push('chat.message', 6); // 4 and 5 were lost
    await vi.waitFor(() => expect(applied).toEqual([3, 4, 5, 6]));
    expect(fetchSince).toHaveBeenCalledWith(3);
    push('chat.message', 6);
    expect(applied).toEqual([3, 4, 5, 6]);
  });

  it('catches up after a reconnection when the room moved on', async () => {
    let latest = 2;
    const log = [item(3), item(4)];
    const { sync, applied, fetchSince } = setup(log, () => latest);
    sync.join();
    latest = 4;
    sync.join(); // the connection came back
    await vi.waitFor(() => expect(applied).toEqual([3, 4]));
    expect(fetchSince).toHaveBeenCalledWith(2);
  });

  it('ignores events of other rooms and stops listening when stopped', () => {
    const { sync, applied, handlers } = setup([]);
    sync.join();
    handlers.get('chat.message')?.({ room: 'event:other', seq: 3 });
    expect(applied).toEqual([]);
    sync.stop();
    expect(handlers.size).toBe(0);
  });
});
