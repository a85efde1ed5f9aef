import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/app-config.js';
import { AdminAccounts } from '../../modules/admin/admin-accounts.js';
import { DemoSeeder } from './demo-seeder.js';

/** What start-up does after migrations: the first admin from the environment, then demo content. */
export async function runStartupTasks(app: INestApplicationContext, config: AppConfig, logger: Logger): Promise<void> {
  if (config.adminEmail && config.adminPassword) {
    const created = await app.get(AdminAccounts).ensureFirstAdmin(config.adminEmail, config.adminPassword);
    if (created) logger.info({ email: config.adminEmail }, 'created the first platform admin from ADMIN_EMAIL');
  }
  if (config.seedDemo) {
    const seeded = await app.get(DemoSeeder).seedIfEmpty();
    const lines = seeded.accounts.map((a) => `  ${a.role.padEnd(28)} ${a.email}  /  ${a.password}`);
    logger.info(`${seeded.created ? 'Seeded demo content.' : 'Demo content present.'} Demo sign-ins:\n${lines.join('\n')}`);
    if (seeded.created) console.log(`\nPraxis demo sign-ins:\n${lines.join('\n')}\n`);
  }
}
