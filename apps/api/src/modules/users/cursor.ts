import { BadRequestException } from '@nestjs/common';

/**
 * Keyset cursors are opaque to clients: base64url of a small JSON array. A cursor that does not
 * decode to the expected shape is a client error, never a 500 and never a silent first page.
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: ('string' | 'number')[]): (string | number)[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (
    !Array.isArray(values) ||
    values.length !== shape.length ||
    values.some((value, i) => typeof value !== shape[i] || (typeof value === 'string' && value.length > 500))
  ) {
    throw invalidCursor();
  }
  return values as (string | number)[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor that names the last row seen by its UUID (the repository computes that row's sort key). */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  const [id] = decodeCursor(cursor, ['string']) ?? [];
  if (id === undefined) return undefined;
  if (!UUID.test(String(id))) throw invalidCursor();
  return String(id);
}

export function invalidCursor(): BadRequestException {
  return new BadRequestException({ message: 'Invalid input: cursor is not valid', details: [{ field: 'cursor', messages: ['cursor is not valid'] }] });
}

/** The page and the cursor of the next one: asks for limit + 1 rows to know whether more exist. */
export function pageOf<T, R>(rows: T[], limit: number, map: (row: T) => R, cursorOf: (row: T) => (string | number)[]) {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(map), nextCursor: more ? encodeCursor(cursorOf(page[page.length - 1])) : null };
}
