import { BadRequestException } from '@nestjs/common';
import { decodeCursor, decodeIdCursor, encodeCursor, pageOf } from './cursor.js';

describe('keyset cursors', () => {
  it('round-trips the values of the last row', () => {
    const cursor = encodeCursor(['amina diallo', '6c1d…']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ['string', 'string'])).toEqual(['amina diallo', '6c1d…']);
  });

  it('answers undefined for no cursor', () => {
    expect(decodeCursor(undefined, ['string'])).toBeUndefined();
    expect(decodeCursor('', ['string'])).toBeUndefined();
  });

  it.each([
    ['not base64 json', '!!!'],
    ['wrong arity', encodeCursor(['a'])],
    ['wrong type', encodeCursor([1, 'b'])],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
  ])('refuses %s with a 400', (_name, cursor) => {
    expect(() => decodeCursor(cursor, ['string', 'string'])).toThrow(BadRequestException);
  });

  it('pages with limit + 1 rows', () => {
    const rows = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const full = pageOf(rows, 2, (r) => r.n, (r) => [r.n]);
    expect(full.items).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor ?? '', ['number'])).toEqual([2]);
    expect(pageOf(rows, 3, (r) => r.n, (r) => [r.n]).nextCursor).toBeNull();
  });

  it('accepts only a UUID as an id cursor', () => {
    const id = '0b7c6f1e-2a9d-4c1b-9a55-3f1b2c4d5e6f';
    expect(decodeIdCursor(encodeCursor([id]))).toBe(id);
    expect(() => decodeIdCursor(encodeCursor(["x' OR 1=1"]))).toThrow(BadRequestException);
  });
});
