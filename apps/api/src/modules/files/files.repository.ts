import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { StoredFileEntity } from './stored-file.entity.js';

@Injectable()
export class FilesRepository {
  constructor(@InjectRepository(StoredFileEntity) private readonly files: Repository<StoredFileEntity>) {}

  private repo(manager?: EntityManager) {
    return manager ? manager.getRepository(StoredFileEntity) : this.files;
  }

  async insert(file: Omit<StoredFileEntity, 'id' | 'createdAt'>, manager?: EntityManager): Promise<StoredFileEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create(file));
  }

  findById(id: string): Promise<StoredFileEntity | null> {
    return this.files.findOneBy({ id });
  }

  async setOwner(id: string, ownerId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { ownerId });
  }
}
