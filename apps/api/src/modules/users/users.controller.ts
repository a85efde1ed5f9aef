import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CurrentUser } from '@praxis/contracts';
import { AllowApplicant, CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { toCurrentUser } from './user.mapper.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  @AllowApplicant()
  @Get()
  @ApiOperation({ summary: 'Who I am, with my access status' })
  me(@CurrentViewer() viewer: Viewer): CurrentUser {
    return toCurrentUser(viewer.user);
  }
}
