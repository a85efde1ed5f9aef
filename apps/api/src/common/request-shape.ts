import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Deeper than any request body Praxis accepts; validation and transformation recurse per level. */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a parsed request body or query cannot be taken, or null. Walks without recursion, so a
 * hostile document cannot exhaust the stack here, and refuses it before class-transformer (which
 * recurses per level) or PostgreSQL (which refuses the NUL character in text) sees it.
 */
export function unsafeInputReason(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return 'Text may not contain the NUL character';
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `The request is nested deeper than ${MAX_JSON_DEPTH} levels`;
    for (const [key, child] of Object.entries(current)) {
      if (key.includes('\u0000')) return 'Text may not contain the NUL character';
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** Express middleware, after the body parsers: a 400 for a body or query that `unsafeInputReason` refuses. */
export function rejectUnsafeInput(req: Request, _res: Response, next: NextFunction): void {
  const reason = unsafeInputReason(req.body) ?? unsafeInputReason(req.query);
  next(reason ? new BadRequestException(reason) : undefined);
}
