import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HubSettings } from '@praxis/contracts';
import { AdminOnly, CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { UpdateHubSettingsDto } from './dto/hub-settings.dto.js';
import { HubSettingsService } from './hub-settings.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('admin/settings')
export class HubSettingsController {
  constructor(private readonly settings: HubSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Hub settings: name, registration open or closed, member networks, auto-approved domains' })
  get(@CurrentViewer() viewer: Viewer): Promise<HubSettings> {
    return this.settings.get(viewer);
  }

  @Patch()
  @ApiOperation({ summary: 'Change hub settings: only the fields sent change; every change is audited' })
  update(@CurrentViewer() viewer: Viewer, @Body() body: UpdateHubSettingsDto): Promise<HubSettings> {
    return this.settings.update(viewer, body);
  }
}
