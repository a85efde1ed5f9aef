import { isEmail } from 'class-validator';

export interface CreateAdminArgs {
  email: string;
  password: string;
  displayName: string;
}

export const CREATE_ADMIN_USAGE = `Usage: npm run create-admin -- --email <email> [--password <password>] [--name <display name>]

Creates a platform admin, or makes an existing account an admin (its password is then left as it is).
The password may come from ADMIN_PASSWORD instead of --password, which keeps it out of the process
list and the shell history; the email may come from ADMIN_EMAIL. The database is the one the server
uses: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (default ./data).`;

/** Reads `--key value` and `--key=value` options; flags and environment, flags first. */
export function parseCreateAdminArgs(argv: string[], env: NodeJS.ProcessEnv): CreateAdminArgs | { help: true } | { error: string } {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const match = /^--(email|password|name)(?:=(.*))?$/.exec(arg);
    if (!match) return { error: `Unknown argument: ${arg.startsWith('--password') ? '--password…' : arg}` };
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') return { error: `--${match[1]} needs a value` };
    options[match[1]] = value;
  }
  const email = (options.email ?? env.ADMIN_EMAIL ?? '').trim();
  const password = options.password ?? env.ADMIN_PASSWORD ?? '';
  if (!email) return { error: 'An email is required: --email or ADMIN_EMAIL' };
  if (!isEmail(email)) return { error: `Not an email address: ${email}` };
  if (!password) return { error: 'A password is required: --password or ADMIN_PASSWORD' };
  const displayName = (options.name ?? 'Platform Admin').trim();
  if (displayName.length < 2 || displayName.length > 80) return { error: '--name must be 2 to 80 characters' };
  return { email, password, displayName };
}
