import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { FileTextModule } from '../file-text/file-text.module.js';
import { FileTextService } from '../file-text/file-text.service.js';
import { FilesModule } from '../files/files.module.js';
import { FilesPolicy } from '../files/files.policy.js';
import { NetworksModule } from '../networks/networks.module.js';
import { CollectionsController, ResourcesController } from './library.controller.js';
import { LibraryDemoSeeder } from './library-demo-seeder.js';
import { LibraryPolicy } from './library.policy.js';
import { ResourcesRepository } from './resources.repository.js';
import { ResourcesService } from './resources.service.js';

/**
 * The knowledge library (K1, K3, K4). Network standing comes from NetworksPolicy; files from the
 * files module, their text from the file-text queue.
 */
@Module({
  imports: [AuditModule, FilesModule, FileTextModule, NetworksModule],
  controllers: [ResourcesController, CollectionsController],
  providers: [LibraryPolicy, ResourcesRepository, ResourcesService, LibraryDemoSeeder],
  exports: [LibraryPolicy, ResourcesService, LibraryDemoSeeder],
})
export class LibraryModule implements OnModuleInit {
  constructor(
    private readonly filesPolicy: FilesPolicy,
    private readonly fileText: FileTextService,
    private readonly resources: ResourcesService,
  ) {}

  onModuleInit() {
    // A resource's files are read by whoever may read the resource, asked on every download.
    this.filesPolicy.registerOwnerRule('resource', (viewer, file) => file.ownerId !== null && this.resources.mayReadFile(viewer, file.ownerId));
    // The text of its files is searched with the resource once extracted.
    this.fileText.onExtracted('resource', (resourceId) => this.resources.refreshFileText(resourceId));
  }
}
