import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { LibraryModule } from '../library/library.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { UsersModule } from '../users/users.module.js';
import { SearchController } from './search.controller.js';
import { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

/** One search box (S1–S3); what may be found is asked of the networks, library, events and users policies. */
@Module({
  imports: [NetworksModule, LibraryModule, EventsModule, UsersModule],
  controllers: [SearchController],
  providers: [SearchRepository, SearchService],
})
export class SearchModule {}
