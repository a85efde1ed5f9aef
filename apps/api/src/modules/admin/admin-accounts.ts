import { BadRequestException, Injectable } from '@nestjs/common';
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
  ) {}

  /** Creates the admin when no admin exists yet; answers whether it did. */
  async ensureFirstAdmin(email: string, password: string, displayName = 'Platform Admin'): Promise<boolean> {
    if (await this.users.anyAdminExists()) return false;
    return this.createAdmin(email, password, displayName);
  }

  /** Makes `email` an active admin: a new account, or an existing one promoted. */
  async createAdmin(email: string, password: string, displayName = 'Platform Admin'): Promise<boolean> {
    const problem = passwordProblem(password);
    if (problem) throw new BadRequestException(`ADMIN_PASSWORD refused: ${problem}`);
    const existing = await this.users.findByEmail(email);
    if (existing) {
      await this.users.update(existing.id, { isAdmin: true, status: 'active', emailVerifiedAt: existing.emailVerifiedAt ?? new Date() });
      return true;
    }
    let handle = '';
    for (const candidate of handleCandidates(displayName)) {
      if (!(await this.users.handleExists(candidate))) {
        handle = candidate;
        break;
      }
    }
    await this.users.insert({
      email,
      passwordHash: await this.auth.hashPassword(password),
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
    });
    return true;
  }
}
