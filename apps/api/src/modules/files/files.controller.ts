import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowApplicant, CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { FileDownloads } from './file-downloads.service.js';

/** RFC 6266: an ASCII fallback name and the exact UTF-8 name. */
export function attachmentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly downloads: FileDownloads) {}

  // Applicants may read their own nomination letter; FilesPolicy decides for every file.
  @AllowApplicant()
  @Get(':id')
  @ApiOperation({ summary: 'Download a file (permission-checked on every request, sent as an attachment)' })
  async download(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { file, content } = await this.downloads.open(viewer, id);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(content, { type: file.mimeType, length: content.length, disposition: attachmentDisposition(file.name) });
  }
}
