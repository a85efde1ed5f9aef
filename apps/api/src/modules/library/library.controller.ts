import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentViewer, type Viewer } from '../auth/auth.decorators.js';
import { CreateCollectionDto, CreateResourceDto, ResourceListQueryDto, UpdateCollectionDto, UpdateResourceDto } from './library.dto.js';
import { ResourcesService } from './resources.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('library')
@ApiBearerAuth()
@Controller('resources')
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @Get()
  @ApiOperation({ summary: 'Resources the viewer may read (K1): filters, newest or title order, keyset pages' })
  list(@CurrentViewer() viewer: Viewer, @Query() query: ResourceListQueryDto) {
    return this.resources.list(viewer, query);
  }

  @Get('facets')
  @ApiOperation({ summary: 'Counts per kind, language, country and tag over what the viewer may read, for the same filters' })
  facets(@CurrentViewer() viewer: Viewer, @Query() query: ResourceListQueryDto) {
    return this.resources.facets(viewer, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a resource: to a network (its members, or its moderators if the network says so) or hub-wide (admins)' })
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateResourceDto) {
    return this.resources.create(viewer, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One resource with its files and what the viewer may do with it' })
  view(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string) {
    return this.resources.view(viewer, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit (author, moderators), move, replace the files, or feature on the network home (moderators)' })
  update(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: UpdateResourceDto) {
    return this.resources.update(viewer, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a resource (author, moderators); its files are no longer served' })
  async remove(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string): Promise<void> {
    await this.resources.remove(viewer, id);
  }
}

@ApiTags('library')
@ApiBearerAuth()
@Controller()
export class CollectionsController {
  constructor(private readonly resources: ResourcesService) {}

  @Get('networks/:id/collections')
  @ApiOperation({ summary: 'The network’s collections of resources, in order (K4)' })
  list(@CurrentViewer() viewer: Viewer, @Param('id', uuid) networkId: string) {
    return this.resources.collections(viewer, networkId);
  }

  @Post('networks/:id/collections')
  @ApiOperation({ summary: 'Create a collection (the network’s moderators)' })
  create(@CurrentViewer() viewer: Viewer, @Param('id', uuid) networkId: string, @Body() dto: CreateCollectionDto) {
    return this.resources.createCollection(viewer, networkId, dto);
  }

  @Patch('collections/:id')
  @ApiOperation({ summary: 'Rename, reorder or set the resources of a collection (the network’s moderators)' })
  update(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: UpdateCollectionDto) {
    return this.resources.updateCollection(viewer, id, dto);
  }

  @Delete('collections/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a collection (its resources stay in the library)' })
  async remove(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string): Promise<void> {
    await this.resources.deleteCollection(viewer, id);
  }
}
