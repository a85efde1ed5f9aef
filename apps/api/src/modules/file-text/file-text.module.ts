import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { FileTextExtractor } from './file-text-extractors.js';
import { FileTextRepository } from './file-text.repository.js';
import { FileTextService } from './file-text.service.js';
import { FileTextWorker } from './file-text.worker.js';

/**
 * Text inside files (K3): a queue in file_texts filled by the features that attach files, and a
 * worker in every process that extracts PDF, DOCX, ODT and plain text. Only the service is public.
 */
@Module({
  imports: [FilesModule],
  providers: [FileTextExtractor, FileTextRepository, FileTextWorker, FileTextService],
  exports: [FileTextService],
})
export class FileTextModule {}
