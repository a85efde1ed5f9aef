import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { from, isObservable, of, type Observable } from 'rxjs';
import { PraxisIoAdapter } from './socket-io.adapter.js';

/** A socket as the adapter sees it: events in through `emit` of the emitter, answers out through `emit` recorded. */
class FakeSocket extends EventEmitter {
  readonly sent: unknown[][] = [];
  receive(event: string, ...args: unknown[]) {
    return super.emit(event, ...args);
  }
  override emit(event: string, ...args: unknown[]): boolean {
    this.sent.push([event, ...args]);
    return true;
  }
}

/** As Nest's gateway transform: promises and plain values become observables. */
const transform = (result: unknown): Observable<unknown> =>
  isObservable(result) ? result : result instanceof Promise ? from(result) : of(result);

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PraxisIoAdapter.bindMessageHandlers', () => {
  const adapter = new PraxisIoAdapter({} as INestApplicationContext);
  const logged: unknown[] = [];
  jest.spyOn((adapter as unknown as { logger: { error: (e: unknown) => void } }).logger, 'error').mockImplementation((e) => logged.push(e));

  /** Handlers as Nest hands them over (its type says the callback answers a promise or an observable; a gateway may answer a value). */
  type Handler = { message: string; isAckHandledManually?: boolean; callback: (...args: never[]) => unknown };
  function bind(handlers: Handler[]): FakeSocket {
    const socket = new FakeSocket();
    adapter.bindMessageHandlers(
      socket as never,
      handlers.map((h) => ({ methodName: h.message, isAckHandledManually: false, ...h }) as unknown as MessageMappingProperties),
      transform,
    );
    return socket;
  }

  beforeEach(() => logged.splice(0));

  it('answers through the ack, or as the event a handler names; nothing for an empty answer', async () => {
    const socket = bind([
      { message: 'room.join', callback: async (data: { room: string }) => ({ ok: true, room: data.room }) },
      { message: 'ping', callback: () => ({ event: 'pong', data: { at: 1 } }) },
      { message: 'quiet', callback: async () => undefined },
    ]);
    const ack = jest.fn();
    socket.receive('room.join', { room: 'thread:1' }, ack);
    socket.receive('ping', {});
    const quietAck = jest.fn();
    socket.receive('quiet', {}, quietAck);
    await settle();
    expect(ack).toHaveBeenCalledWith({ ok: true, room: 'thread:1' });
    expect(socket.sent).toEqual([['pong', { at: 1 }]]);
    expect(quietAck).not.toHaveBeenCalled();
  });

  it('passes several arguments as an array and leaves a manually handled ack to the handler', async () => {
    const seen: unknown[] = [];
    const socket = bind([{ message: 'many', isAckHandledManually: true, callback: (data: unknown, ack: (v: unknown) => void) => { seen.push(data); ack('by hand'); return 'answer'; } }]);
    const ack = jest.fn();
    socket.receive('many', 'a', 'b', ack);
    await settle();
    expect(seen).toEqual([['a', 'b']]);
    expect(ack.mock.calls).toEqual([['by hand']]);
  });

  it('logs a handler that throws or rejects and keeps that event working for the client', async () => {
    let calls = 0;
    const socket = bind([{
      message: 'flaky',
      callback: (data: { mode: string }) => {
        calls += 1;
        if (data.mode === 'throw') throw new Error('thrown');
        if (data.mode === 'reject') return Promise.reject(new Error('rejected'));
        return Promise.resolve({ ok: true });
      },
    }]);
    const ack = jest.fn();
    socket.receive('flaky', { mode: 'throw' }, ack);
    socket.receive('flaky', { mode: 'reject' }, ack);
    socket.receive('flaky', { mode: 'fine' }, ack);
    await settle();
    expect(calls).toBe(3);
    expect(logged.map((e) => (e as Error).message)).toEqual(['thrown', 'rejected']);
    expect(ack.mock.calls).toEqual([[{ ok: true }]]);
  });
});
