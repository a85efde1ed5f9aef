import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { REFRESH_COOKIE, type LoginResponse, type RefreshResponse, type RegisterResponse, type SessionInfo } from '@praxis/contracts';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AllowApplicant, CurrentViewer, OptionalViewer, Public, type Viewer } from './auth.decorators.js';
import { AuthService, DEVICE_TTL_DAYS, type ClientInfo } from './auth.service.js';
import { ChangePasswordDto, LoginDto, PasswordResetConfirmDto, PasswordResetRequestDto, RegisterDto, TokenDto } from './dto/auth.dto.js';
import type { UploadedFile as Upload } from '../files/files.service.js';

const COOKIE_PATH = '/api/v1/auth';

/** Remembers that this browser signed in to an account (a separate sign-in allowance; see AuthService.login). */
const DEVICE_COOKIE = 'praxis_device';

function client(request: Request): ClientInfo {
  const device: unknown = request.cookies?.[DEVICE_COOKIE];
  return { ip: request.ip ?? null, userAgent: request.get('user-agent') ?? null, device: typeof device === 'string' ? device : null };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private setRefreshCookie(response: Response, token: string) {
    response.cookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https://'),
      path: COOKIE_PATH,
      maxAge: this.config.refreshTokenTtlDays * 86400_000,
    });
  }

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Apply for access (JSON, or multipart with an optional nominationLetter PDF)' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @UseInterceptors(FileInterceptor('nominationLetter'))
  async register(@Body() body: RegisterDto, @Req() request: Request, @UploadedFile() letter?: Upload): Promise<RegisterResponse> {
    const user = await this.auth.register(body, client(request), letter);
    return { user: { id: user.id, status: user.status } };
  }

  @Public()
  @Post('verify-email')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm an email address with the emailed token' })
  async verifyEmail(@Body() body: TokenDto) {
    await this.auth.verifyEmail(body.token);
    return { verified: true };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: an access token, and the refresh token as an httpOnly cookie' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<LoginResponse> {
    const session = await this.auth.login(body.email, body.password, client(request));
    this.setRefreshCookie(response, session.refreshToken);
    response.cookie(DEVICE_COOKIE, session.deviceToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https://'),
      path: COOKIE_PATH,
      maxAge: DEVICE_TTL_DAYS * 86400_000,
    });
    return { accessToken: session.accessToken, user: session.user };
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh cookie and get a new access token' })
  async refresh(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<RefreshResponse> {
    // A refused refresh leaves the cookie alone: a dead one is refused again, harmlessly, while clearing
    // it could delete a newer one set meanwhile (a password change answered while an older refresh of
    // the same browser was still in flight).
    const tokens = await this.auth.refresh(request.cookies?.[REFRESH_COOKIE]);
    this.setRefreshCookie(response, tokens.refreshToken);
    return { accessToken: tokens.accessToken };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revoke this session' })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response, @OptionalViewer() viewer: Viewer | null) {
    await this.auth.logout(request.cookies?.[REFRESH_COOKIE], viewer);
    response.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
  }

  @AllowApplicant()
  @ApiBearerAuth()
  @Post('logout-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out everywhere: revoke every session of mine, this one included' })
  async logoutAll(@CurrentViewer() viewer: Viewer, @Res({ passthrough: true }) response: Response) {
    await this.auth.logoutEverywhere(viewer);
    response.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
  }

  @AllowApplicant()
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change my password (current one required): every session ends, a new one is issued to this device' })
  async changePassword(
    @CurrentViewer() viewer: Viewer,
    @Body() body: ChangePasswordDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponse> {
    const session = await this.auth.changePassword(viewer, body.currentPassword, body.password, client(request));
    this.setRefreshCookie(response, session.refreshToken);
    return { accessToken: session.accessToken, user: session.user };
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a single-use reset link (same answer whether or not the email exists)' })
  async requestReset(@Body() body: PasswordResetRequestDto, @Req() request: Request) {
    await this.auth.requestPasswordReset(body.email, client(request));
    return { accepted: true };
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Choose a new password with the emailed token; ends every session' })
  async confirmReset(@Body() body: PasswordResetConfirmDto) {
    await this.auth.resetPassword(body.token, body.password);
    return { reset: true };
  }

  @AllowApplicant()
  @ApiBearerAuth()
  @Get('sessions')
  @ApiOperation({ summary: 'List my signed-in sessions' })
  async sessions(@CurrentViewer() viewer: Viewer): Promise<{ items: SessionInfo[]; nextCursor: null }> {
    return { items: await this.auth.listSessions(viewer), nextCursor: null };
  }

  @AllowApplicant()
  @ApiBearerAuth()
  @Delete('sessions/:sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of my sessions' })
  async revokeSession(@CurrentViewer() viewer: Viewer, @Param('sessionId', ParseUUIDPipe) sessionId: string) {
    if (!(await this.auth.revokeOwnSession(viewer, sessionId))) throw new NotFoundException('No such session');
  }
}
