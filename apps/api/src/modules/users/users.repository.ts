import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, Repository } from 'typeorm';
import type { DirectoryQuery, OrganisationType, UserStatus } from '@praxis/contracts';
import { UserEntity } from './user.entity.js';

export interface NewUser {
  email: string;
  passwordHash: string;
  handle: string;
  displayName: string;
  organisation: string;
  organisationType: OrganisationType;
  country: string;
  jobTitle: string;
  reason: string;
  status: UserStatus;
  isAdmin?: boolean;
  emailVerifiedAt?: Date | null;
  nominationFileId?: string | null;
}

export interface UserCursor {
  name: string;
  id: string;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  private repo(manager?: EntityManager) {
    return manager ? manager.getRepository(UserEntity) : this.users;
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany();
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  findByHandles(handles: string[]): Promise<UserEntity[]> {
    if (handles.length === 0) return Promise.resolve([]);
    return this.users.createQueryBuilder('u').where('u.handle IN (:...handles)', { handles }).getMany();
  }

  /** The one query that reads a password hash, for sign-in only. */
  async findCredentials(email: string): Promise<{ user: UserEntity; passwordHash: string } | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    return user ? { user, passwordHash: user.passwordHash } : null;
  }

  async handleExists(handle: string, manager?: EntityManager): Promise<boolean> {
    return (await this.repo(manager).countBy({ handle })) > 0;
  }

  async anyAdminExists(): Promise<boolean> {
    return (await this.users.countBy({ isAdmin: true })) > 0;
  }

  async insert(user: NewUser, manager?: EntityManager): Promise<UserEntity> {
    const repo = this.repo(manager);
    const saved = await repo.save(
      repo.create({ ...user, isAdmin: user.isAdmin ?? false, languages: [], expertise: [], locale: 'en' }),
    );
    return (await repo.findOneByOrFail({ id: saved.id }));
  }

  async update(id: string, changes: Partial<UserEntity>, manager?: EntityManager): Promise<UserEntity> {
    const repo = this.repo(manager);
    await repo.update({ id }, changes);
    return repo.findOneByOrFail({ id });
  }

  async setPasswordHash(id: string, passwordHash: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { passwordHash });
  }

  /** Applicants waiting for a decision, oldest first; a focal point sees only their organisation. */
  findPending(options: { organisation?: string; limit: number; after?: { createdAt: Date; id: string } }) {
    const query = this.users.createQueryBuilder('u').where(`u.status = 'pending'`);
    if (options.organisation) query.andWhere('lower(u.organisation) = lower(:org)', { org: options.organisation });
    if (options.after) {
      query.andWhere('(u.created_at, u.id) > (:createdAt, :id)', options.after);
    }
    return query.orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC').take(options.limit).getMany();
  }

  /** Admin user list: text search on name, email and organisation. */
  searchAll(options: { q?: string; status?: UserStatus; limit: number; after?: UserCursor }) {
    const query = this.users.createQueryBuilder('u');
    if (options.q) {
      query.andWhere(
        new Brackets((w) =>
          w
            .where('u.display_name ILIKE :like')
            .orWhere('u.email ILIKE :like')
            .orWhere('u.organisation ILIKE :like'),
        ),
        { like: `%${escapeLike(options.q)}%` },
      );
    }
    if (options.status) query.andWhere('u.status = :status', { status: options.status });
    if (options.after) query.andWhere('(lower(u.display_name), u.id) > (:name, :id)', options.after);
    return query.orderBy('lower(u.display_name)', 'ASC').addOrderBy('u.id', 'ASC').take(options.limit).getMany();
  }

  /** The member directory (A7): active members only, filtered, ordered by name. */
  searchDirectory(filters: Omit<DirectoryQuery, 'cursor' | 'limit'>, limit: number, after?: UserCursor) {
    const query = this.users.createQueryBuilder('u').where(`u.status = 'active'`);
    if (filters.q) {
      query.andWhere(
        new Brackets((w) =>
          w
            .where(`(u.display_name || ' ' || u.organisation || ' ' || u.job_title) ILIKE :like`)
            .orWhere(`(u.display_name || ' ' || u.organisation || ' ' || u.job_title) % :q`)
            .orWhere(`array_to_string(u.expertise, ' ') ILIKE :like`),
        ),
        { like: `%${escapeLike(filters.q)}%`, q: filters.q },
      );
    }
    if (filters.organisationType) query.andWhere('u.organisation_type = :ot', { ot: filters.organisationType });
    if (filters.country) query.andWhere('u.country = :country', { country: filters.country.toUpperCase() });
    if (filters.expertise) {
      query.andWhere(`EXISTS (SELECT 1 FROM unnest(u.expertise) e WHERE lower(e) = lower(:expertise))`, {
        expertise: filters.expertise,
      });
    }
    if (filters.language) query.andWhere(':language = ANY(u.languages)', { language: filters.language.toLowerCase() });
    if (after) query.andWhere('(lower(u.display_name), u.id) > (:name, :id)', after);
    return query.orderBy('lower(u.display_name)', 'ASC').addOrderBy('u.id', 'ASC').take(limit).getMany();
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
