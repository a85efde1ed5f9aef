import {
  BadRequestException, Controller, Get, Headers, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res,
  StreamableFile, UnauthorizedException, UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FileInfo, FileLink } from '@praxis/contracts';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AllowApplicant, CurrentViewer, OptionalViewer, Public, type Viewer } from '../auth/auth.decorators.js';
import { FileDownloads } from './file-downloads.service.js';
import { signFileLink, verifyFileLink } from './file-links.js';
import { FilesService, type UploadedFile as Upload } from './files.service.js';

/**
 * RFC 6266: an ASCII fallback name and the exact UTF-8 name (RFC 5987 `filename*`, where `'`, `(`,
 * `)` and `*` must be percent-encoded too). The fallback has no quote, backslash or `%` (some
 * clients decode percent escapes in `filename`); the stored name has no control character
 * (cleanFileName), so nothing can end the header early.
 */
export function attachmentDisposition(stored: string): string {
  // A lone surrogate (a name cut before cleanFileName kept pairs whole) would make encodeURIComponent throw.
  const name = stored.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  // Accents are dropped from the fallback (É -> E); what has no ASCII form becomes _.
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7E]/g, '_').replace(/["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: FilesService,
    private readonly downloads: FileDownloads,
  ) {}

  // Multer's size limit (FilesModule) stops reading one byte past the maximum and answers 413,
  // so an oversize upload is never buffered whole and never stored.
  @Post()
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload a file (type read from the content); it stays unattached until its uploader attaches it' })
  async upload(@CurrentViewer() viewer: Viewer, @UploadedFile() file: Upload | undefined): Promise<FileInfo> {
    if (!file) throw new BadRequestException('Send the file in the multipart field "file"');
    const stored = await this.files.store(file, { type: 'upload', id: null, uploadedBy: viewer.user.id });
    return { id: stored.id, name: stored.name, size: stored.size, mimeType: stored.mimeType };
  }

  // Applicants may link their own nomination letter; FilesPolicy decides for every file.
  @AllowApplicant()
  @Post(':id/link')
  @HttpCode(200)
  @ApiOperation({ summary: 'A signed link to the file for the browser, valid for about five minutes and only for the caller' })
  async link(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string): Promise<FileLink> {
    // Checking now answers 404 at once; the download checks again, since permission may change.
    await this.downloads.ensureReadable(viewer, id);
    return signFileLink(this.config.jwtSecret, id, viewer.user.id);
  }

  // Public so that a signed link works without an Authorization header; without a valid link the
  // caller must be signed in, and FilesPolicy decides for every file either way.
  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'Download a file (permission-checked on every request, sent as an attachment)' })
  async download(
    @OptionalViewer() bearer: Viewer | null,
    @Headers('authorization') authorization: string | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('sig') sig: string | undefined,
    @Query('exp') exp: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    let viewer = bearer;
    // A link stands in for a session only when the request brings none (a browser's <a href>). A
    // request that presents a session is judged as that session: an ended one (signed out,
    // suspended) must not download as the member who signed the link.
    const viaLink = !authorization && typeof sig === 'string' && typeof exp === 'string';
    if (viaLink) {
      const userId = verifyFileLink(this.config.jwtSecret, id, sig, exp);
      const user = userId ? await this.files.findUser(userId) : null;
      if (!user) throw new NotFoundException('No such file');
      viewer = { user, sessionId: '' };
    }
    if (!viewer) throw new UnauthorizedException('Sign in to continue');
    // Applicants may read their own nomination letter; suspended or deleted accounts read nothing.
    if (!['active', 'pending', 'rejected'].includes(viewer.user.status)) throw new NotFoundException('No such file');
    const { file, content } = await this.downloads.open(viewer, id, viaLink);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // Should a browser render it anyway (opened from a download list), it runs nothing and loads nothing.
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(content, { type: file.mimeType, length: content.length, disposition: attachmentDisposition(file.name) });
  }
}
