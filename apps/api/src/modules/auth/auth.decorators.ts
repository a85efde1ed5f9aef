import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { UserEntity } from '../users/user.entity.js';

export const IS_PUBLIC = 'praxis:public';
export const ALLOW_APPLICANT = 'praxis:allow-applicant';
export const ADMIN_ONLY = 'praxis:admin-only';

/** Anyone may call this route, signed in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Applicants (pending access) may call this route as well as members (own status and profile). */
export const AllowApplicant = () => SetMetadata(ALLOW_APPLICANT, true);
/** Platform admins only. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** Who is calling: the user row as it is now, and the session the access token belongs to. */
export interface Viewer {
  user: UserEntity;
  sessionId: string;
}

export type AuthenticatedRequest = Request & { viewer?: Viewer };

export const CurrentViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => {
  const viewer = ctx.switchToHttp().getRequest<AuthenticatedRequest>().viewer;
  if (!viewer) throw new Error('CurrentViewer used on a public route');
  return viewer;
});

/** The viewer when the route is public but the caller may be signed in. */
export const OptionalViewer = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Viewer | null => ctx.switchToHttp().getRequest<AuthenticatedRequest>().viewer ?? null,
);
