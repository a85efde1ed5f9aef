import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HubInfo } from '@praxis/contracts';
import { Public } from '../auth/auth.decorators.js';
import { HubSettingsService } from './hub-settings.service.js';

@ApiTags('hub')
@Controller('hub')
export class HubController {
  constructor(private readonly settings: HubSettingsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: "The hub's name and whether registration is open (for the header and the register page)" })
  info(): Promise<HubInfo> {
    return this.settings.hubInfo();
  }
}
