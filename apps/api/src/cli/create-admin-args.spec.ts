import { parseCreateAdminArgs } from './create-admin-args.js';

describe('create-admin arguments', () => {
  it('reads --key value and --key=value', () => {
    expect(parseCreateAdminArgs(['--email', 'a@example.org', '--password=secret value', '--name', 'Hub Admin'], {})).toEqual({
      email: 'a@example.org',
      password: 'secret value',
      displayName: 'Hub Admin',
    });
  });

  it('falls back to ADMIN_EMAIL and ADMIN_PASSWORD, flags winning', () => {
    expect(parseCreateAdminArgs([], { ADMIN_EMAIL: 'env@example.org', ADMIN_PASSWORD: 'from env' })).toEqual({
      email: 'env@example.org',
      password: 'from env',
      displayName: 'Platform Admin',
    });
    expect(parseCreateAdminArgs(['--email', 'flag@example.org'], { ADMIN_EMAIL: 'env@example.org', ADMIN_PASSWORD: 'p' })).toMatchObject({
      email: 'flag@example.org',
    });
  });

  it.each([
    [[], {}, /email is required/],
    [['--email', 'nope'], { ADMIN_PASSWORD: 'x' }, /Not an email/],
    [['--email', 'a@example.org'], {}, /password is required/],
    [['--email'], {}, /--email needs a value/],
    [['--admin'], {}, /Unknown argument: --admin/],
    [['--email', 'a@example.org', '--password', 'p', '--name', 'x'], {}, /--name/],
  ])('refuses %j', (argv, env, message) => {
    const result = parseCreateAdminArgs(argv as string[], env as NodeJS.ProcessEnv);
    expect(result).toEqual({ error: expect.stringMatching(message) });
  });

  it('never echoes a password in an error', () => {
    const result = parseCreateAdminArgs(['--passwordhunter2'], {});
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('answers help', () => {
    expect(parseCreateAdminArgs(['--help'], {})).toEqual({ help: true });
  });
});
