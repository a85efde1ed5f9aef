import { BadRequestException, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { passwordProblem } from '../auth/password-policy.js';
import { handleCandidates } from '../auth/handles.js';
import { UsersRepository } from '../users/users.repository.js';

/** The first platform admin, from ADMIN_EMAIL/ADMIN_PASSWORD at start or `npm run create-admin`. */
@Injectable()
export class AdminAccounts {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditLogService,
  ) {}

  /** Creates the admin when no admin exists yet; answers whether it did. */
  async ensureFirstAdmin(email: string, password: string, displayName = 'Platform Admin'): Promise<boolean> {
    if (await this.users.anyAdminExists()) return false;
    await this.createAdmin(email, password, displayName);
    return true;
  }

  /**
   * Makes `email` an active admin: a new account with this password, or an existing account
   * promoted (its password is left as it is: the command line never overwrites a credential).
   */
  async createAdmin(email: string, password: string, displayName = 'Platform Admin'): Promise<'created' | 'promoted'> {
    const problem = passwordProblem(password);
    if (problem) throw new BadRequestException(`ADMIN_PASSWORD refused: ${problem}`);
    const existing = await this.users.findByEmail(email);
    if (existing) {
      await this.users.transaction(async (manager) => {
        await this.users.update(existing.id, { isAdmin: true, status: 'active', emailVerifiedAt: existing.emailVerifiedAt ?? new Date() }, manager);
        await this.audit.record(
          { actorId: null, action: 'user.admin-granted', targetType: 'user', targetId: existing.id, reason: 'Installation (ADMIN_EMAIL or create-admin)' },
          manager,
        );
      });
      return 'promoted';
    }
    const passwordHash = await this.auth.hashPassword(password);
    await this.users.transaction(async (manager) => {
      let handle = '';
      for (const candidate of handleCandidates(displayName)) {
        if (!(await this.users.handleExists(candidate, manager))) {
          handle = candidate;
          break;
        }
      }
      const created = await this.users.insert(
        {
          email,
          passwordHash,
          handle,
          displayName,
          organisation: 'Praxis',
          organisationType: 'other',
          country: 'CH',
          jobTitle: 'Administrator',
          reason: 'Created at installation',
          status: 'active',
          isAdmin: true,
          emailVerifiedAt: new Date(),
        },
        manager,
      );
      await this.audit.record(
        { actorId: null, action: 'user.admin-created', targetType: 'user', targetId: created.id, reason: 'Installation (ADMIN_EMAIL or create-admin)' },
        manager,
      );
    });
    return 'created';
  }
}
