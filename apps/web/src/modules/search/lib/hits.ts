import type { SearchHit } from '@praxis/contracts';

/** Where a hit opens: a post lands on itself in its thread (`?seq=`), the rest on their own page. */
export function hitHref(hit: SearchHit): string {
  switch (hit.type) {
    case 'post':
      return hit.threadId ? `/threads/${hit.threadId}${hit.seq ? `?seq=${hit.seq}` : ''}` : `/threads/${hit.id}`;
    case 'thread':
      return `/threads/${hit.id}`;
    case 'event':
      return `/events/${hit.id}`;
    case 'resource':
      return `/resources/${hit.id}`;
    case 'network':
      return `/networks/${hit.slug ?? hit.id}`;
    case 'member':
      return `/members/${hit.id}`;
  }
}

/** A count as shown on a type tab: "1000+" once the server stopped counting. */
export function formatCount(count: number, capped: boolean, language: string): string {
  // No grouping: a capped count reads as the limit the server names, "1000+".
  const formatted = count.toLocaleString(language, { useGrouping: false });
  return capped ? `${formatted}+` : formatted;
}

/** Fewer characters than this are not worth a type-ahead request. */
export const SUGGEST_MIN_CHARS = 2;
export const SUGGEST_DEBOUNCE_MS = 200;
