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

/**
 * Keyset position after the row `afterId` in (lower(name), id) order. The database computes the
 * key of that row itself, so its lower() and collation are the ones the ORDER BY uses.
 */
const AFTER_BY_NAME = '(lower(u.display_name), u.id) > (SELECT lower(c.display_name), c.id FROM users c WHERE c.id = :afterId)';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  private repo(manager?: EntityManager) {
    return manager ? manager.getRepository(UserEntity) : this.users;
  }

  /** The user's row, locked until the transaction ends (two writes of the same profile field queue). */
  findByIdForUpdate(id: string, manager: EntityManager): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** The user, if `sessionId` is one of their sessions and not revoked (users and sessions in one query). */
  withLiveSession(userId: string, sessionId: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .innerJoin('user_sessions', 's', 's.user_id = u.id AND s.id = :sessionId AND s.revoked_at IS NULL', { sessionId })
      .where('u.id = :userId', { userId })
      .getOne();
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

  /** Runs `work` in one transaction; pass the handle to the methods that take a `manager`. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }

  /**
   * Applicants waiting for a decision, oldest first; a focal point sees only their organisation.
   * The cursor is the id of the last applicant seen: comparing against that row's own created_at
   * keeps PostgreSQL's microseconds, which a JavaScript Date would round away.
   */
  findPending(options: { organisation?: string; limit: number; afterId?: string }) {
    const query = this.users.createQueryBuilder('u').where(`u.status = 'pending'`);
    if (options.organisation) query.andWhere('lower(u.organisation) = lower(:org)', { org: options.organisation });
    if (options.afterId) {
      query.andWhere('(u.created_at, u.id) > (SELECT p.created_at, p.id FROM users p WHERE p.id = :afterId)', { afterId: options.afterId });
    }
    return query.orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC').take(options.limit).getMany();
  }

  /**
   * Records the decision on an access request, only if it is still pending: of two admins deciding
   * at once, exactly one wins. Answers the updated user, or null when it was already decided.
   */
  async decideAccess(
    id: string,
    decision: { status: 'active' | 'rejected'; rejectionReason: string | null; decidedBy: string | null },
    manager: EntityManager,
  ): Promise<UserEntity | null> {
    const [, count] = await manager.query(
      `UPDATE users SET status = $2, rejection_reason = $3, decided_by = $4, decided_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, decision.status, decision.rejectionReason, decision.decidedBy],
    );
    return count > 0 ? this.findById(id, manager) : null;
  }

  /** Moves a user from one of `from` to `to`; null when their status was not one of `from`. */
  async changeStatus(id: string, from: UserStatus[], to: UserStatus, manager: EntityManager): Promise<UserEntity | null> {
    const [, count] = await manager.query(
      `UPDATE users SET status = $3, updated_at = now() WHERE id = $1 AND status = ANY($2::text[])`,
      [id, from, to],
    );
    return count > 0 ? this.findById(id, manager) : null;
  }

  /** Grants or withdraws admin rights; null when the user already had that state. */
  async setAdmin(id: string, isAdmin: boolean, manager: EntityManager): Promise<UserEntity | null> {
    const [, count] = await manager.query(
      `UPDATE users SET is_admin = $2, updated_at = now() WHERE id = $1 AND is_admin <> $2`,
      [id, isAdmin],
    );
    return count > 0 ? this.findById(id, manager) : null;
  }

  /**
   * The ids of every active admin, locked until the transaction ends: two admins withdrawing each
   * other's rights at the same moment are serialised, so the hub never ends with none.
   */
  async lockActiveAdmins(manager: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM users WHERE is_admin AND status = 'active' ORDER BY id FOR UPDATE`,
    );
    return rows.map((r) => r.id);
  }

  /** Admin user list: text search on name, email and organisation. */
  searchAll(options: { q?: string; status?: UserStatus; limit: number; afterId?: string }) {
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
    if (options.afterId) query.andWhere(AFTER_BY_NAME, { afterId: options.afterId });
    return query.orderBy('lower(u.display_name)', 'ASC').addOrderBy('u.id', 'ASC').take(options.limit).getMany();
  }

  /** The member directory (A7): active members only, filtered, ordered by name. */
  searchDirectory(filters: Omit<DirectoryQuery, 'cursor' | 'limit'>, limit: number, afterId?: string) {
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
    if (afterId) query.andWhere(AFTER_BY_NAME, { afterId });
    return query.orderBy('lower(u.display_name)', 'ASC').addOrderBy('u.id', 'ASC').take(limit).getMany();
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
