import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OptionalViewer, Public, type Viewer } from '../auth/auth.decorators.js';
import { SearchQueryDto, SuggestQueryDto } from './search.dto.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Threads, posts, events, resources (with file text), networks and members the viewer may read; visitors find public events and networks that are not hidden' })
  query(@OptionalViewer() viewer: Viewer | null, @Query() query: SearchQueryDto) {
    return this.search.query(viewer, query);
  }

  @Public()
  @Get('suggest')
  @ApiOperation({ summary: 'Type-ahead: a few prefix matches per type, under the same rules as search' })
  suggest(@OptionalViewer() viewer: Viewer | null, @Query() query: SuggestQueryDto) {
    return this.search.suggest(viewer, query);
  }
}
