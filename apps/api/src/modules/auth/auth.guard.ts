import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ADMIN_ONLY, ALLOW_APPLICANT, IS_PUBLIC, type AuthenticatedRequest } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

function bearer(request: AuthenticatedRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}

/**
 * Global guard: every route needs a valid access token for an active member unless marked
 * @Public (optional sign-in) or @AllowApplicant. The user and session are read from the database on
 * each request, so suspension and sign-out take effect at once, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const flag = (key: string) => this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearer(request);
    const isPublic = flag(IS_PUBLIC);

    if (!token) {
      if (isPublic) return true;
      throw new UnauthorizedException('Sign in to continue');
    }
    const viewer = await this.auth.viewerFromAccessToken(token);
    if (!viewer) {
      if (isPublic) return true;
      throw new UnauthorizedException('Your session has expired; sign in again');
    }
    request.viewer = viewer;
    if (isPublic) return true;
    const applicant = viewer.user.status === 'pending' || viewer.user.status === 'rejected';
    if (viewer.user.status !== 'active' && !(flag(ALLOW_APPLICANT) && applicant)) {
      throw new ForbiddenException(
        viewer.user.status === 'pending' ? 'Your access request is still being reviewed' : 'Your account has no access',
      );
    }
    if (flag(ADMIN_ONLY) && !viewer.user.isAdmin) throw new ForbiddenException('Platform administrators only');
    return true;
  }
}
