import { Module, type OnModuleInit } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import path from 'node:path';
import { FileStorage, LocalFileStorage, S3FileStorage } from './file-storage.js';
import { FileDownloads } from './file-downloads.service.js';
import { FilesController } from './files.controller.js';
import { FilesPolicy } from './files.policy.js';
import { FilesRepository } from './files.repository.js';
import { FilesService } from './files.service.js';
import { StoredFileEntity } from './stored-file.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([StoredFileEntity]),
    // One byte over the maximum is enough to know it is too big: multer stops there with
    // LIMIT_FILE_SIZE (413 through the exception filter) instead of buffering the whole upload.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // Browsers send file names as UTF-8 without saying so; busboy would read them as Latin-1.
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxUploadBytes + 1, files: 1 }, defParamCharset: 'utf8' }),
    }),
  ],
  controllers: [FilesController],
  providers: [
    {
      provide: FileStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): FileStorage =>
        config.s3 ? new S3FileStorage(config.s3) : new LocalFileStorage(path.join(config.dataDir, 'files')),
    },
    FilesRepository, FilesService, FilesPolicy, FileDownloads],
  // MulterModule's options (size limit, UTF-8 names) apply to every upload route of the modules that import this one.
  exports: [FilesService, FilesPolicy, MulterModule],
})
export class FilesModule implements OnModuleInit {
  constructor(private readonly policy: FilesPolicy) {}

  /** An upload not yet attached to anything is its uploader's alone. */
  onModuleInit() {
    this.policy.registerOwnerRule('upload', (viewer, file) => file.ownerId === null && file.uploadedBy === viewer.user.id);
  }
}
