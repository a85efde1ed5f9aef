import { MAX_JSON_DEPTH, unsafeInputReason } from './request-shape.js';

describe('unsafeInputReason', () => {
  const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

  it('takes ordinary bodies and queries', () => {
    expect(unsafeInputReason({ title: 'Traité', tags: ['a', 'b'], agenda: [{ title: 'x', at: 1 }] })).toBeNull();
    expect(unsafeInputReason(undefined)).toBeNull();
    expect(unsafeInputReason(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses a document nested deeper than the limit, however deep, without recursion', () => {
    expect(unsafeInputReason(nested(MAX_JSON_DEPTH + 1))).toMatch(/nested deeper/);
    expect(unsafeInputReason(nested(100_000))).toMatch(/nested deeper/);
  });

  it('refuses the NUL character in values and keys, anywhere', () => {
    expect(unsafeInputReason({ displayName: 'a\u0000b' })).toMatch(/NUL/);
    expect(unsafeInputReason({ list: [{ deep: ['ok', 'x\u0000'] }] })).toMatch(/NUL/);
    expect(unsafeInputReason({ ['k\u0000']: 1 })).toMatch(/NUL/);
  });
});
