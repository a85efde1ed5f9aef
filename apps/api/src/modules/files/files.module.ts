import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FileStorage } from './file-storage.js';
import { FilesRepository } from './files.repository.js';
import { FilesService } from './files.service.js';
import { StoredFileEntity } from './stored-file.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([StoredFileEntity])],
  providers: [FileStorage, FilesRepository, FilesService],
  exports: [FilesService],
})
export class FilesModule {}
