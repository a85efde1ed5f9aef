import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FileStorage } from './file-storage.js';
import { FileDownloads } from './file-downloads.service.js';
import { FilesController } from './files.controller.js';
import { FilesPolicy } from './files.policy.js';
import { FilesRepository } from './files.repository.js';
import { FilesService } from './files.service.js';
import { StoredFileEntity } from './stored-file.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([StoredFileEntity])],
  controllers: [FilesController],
  providers: [FileStorage, FilesRepository, FilesService, FilesPolicy, FileDownloads],
  exports: [FilesService, FilesPolicy],
})
export class FilesModule {}
