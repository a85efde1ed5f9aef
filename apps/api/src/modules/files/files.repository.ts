import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity.js';
import { type FileOwnerType, StoredFileEntity } from './stored-file.entity.js';

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

  async delete(id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id });
  }

  async setOwner(id: string, ownerId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { ownerId });
  }

  /**
   * Attaches unattached uploads of `uploadedBy` to an owner. Only the uploader's own, still
   * unattached files move; the answer is how many did, so a caller can refuse a partial attach.
   */
  async attach(ids: string[], uploadedBy: string, owner: { type: FileOwnerType; id: string }, manager: EntityManager): Promise<number> {
    if (ids.length === 0) return 0;
    const [, count] = (await manager.query(
      `UPDATE stored_files SET owner_type = $1, owner_id = $2
        WHERE id = ANY($3::uuid[]) AND uploaded_by = $4 AND owner_type = 'upload' AND owner_id IS NULL`,
      [owner.type, owner.id, ids, uploadedBy],
    )) as [unknown, number];
    return count;
  }

  /** How many of `ids` are unattached uploads of `uploadedBy` (a check before a write; attach decides). */
  async countAttachable(ids: string[], uploadedBy: string): Promise<number> {
    if (ids.length === 0) return 0;
    const rows: { n: number }[] = await this.files.query(
      `SELECT count(*)::int AS n FROM stored_files WHERE id = ANY($1::uuid[]) AND uploaded_by = $2 AND owner_type = 'upload' AND owner_id IS NULL`,
      [ids, uploadedBy],
    );
    return rows[0]?.n ?? 0;
  }

  listByOwner(type: FileOwnerType, ownerId: string): Promise<StoredFileEntity[]> {
    return this.files.find({ where: { ownerType: type, ownerId }, order: { createdAt: 'ASC' } });
  }

  async logDownload(fileId: string, userId: string, viaLink: boolean): Promise<void> {
    await this.files.query('INSERT INTO file_downloads (file_id, user_id, via_link) VALUES ($1, $2, $3)', [fileId, userId, viaLink]);
  }

  /** The user a signed link was made for, as the row is now (a suspended user's links stop working). */
  findUser(id: string): Promise<UserEntity | null> {
    return this.files.manager.getRepository(UserEntity).findOneBy({ id });
  }
}
