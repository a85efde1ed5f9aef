import { Body, Controller, Get, Patch, Put, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CurrentUser } from '@praxis/contracts';
import { AllowApplicant, CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import type { UploadedFile as Upload } from '../files/files.service.js';
import { UpdateProfileDto } from './dto/profile.dto.js';
import { AVATAR_MAX_BYTES, UsersService } from './users.service.js';

// Applicants may edit their own profile while they wait (see SPEC roles), hence @AllowApplicant.
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @AllowApplicant()
  @Get()
  @ApiOperation({ summary: 'Who I am, with my access status' })
  me(@CurrentViewer() viewer: Viewer): Promise<CurrentUser> {
    return this.users.me(viewer);
  }

  @AllowApplicant()
  @Patch()
  @ApiOperation({ summary: 'Edit my profile: only the fields sent change' })
  update(@CurrentViewer() viewer: Viewer, @Body() body: UpdateProfileDto): Promise<CurrentUser> {
    return this.users.updateProfile(viewer, body);
  }

  @AllowApplicant()
  @Put('avatar')
  @ApiOperation({ summary: 'Replace my avatar (multipart field "file": PNG or JPEG, at most 2 MB)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: AVATAR_MAX_BYTES, files: 1 } }))
  setAvatar(@CurrentViewer() viewer: Viewer, @UploadedFile() file?: Upload): Promise<CurrentUser> {
    return this.users.setAvatar(viewer, file);
  }
}
