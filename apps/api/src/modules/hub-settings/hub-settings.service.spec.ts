import { ForbiddenException } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import type { Viewer } from '../auth/auth.decorators.js';
import type { AuditLogService, AuditRecord } from '../audit/audit.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { HubSettingsPolicy } from './hub-settings.policy.js';
import type { HubSettingsRepository, HubSettingsRow, HubSettingsValues } from './hub-settings.repository.js';
import { emailDomainIn, HubSettingsService } from './hub-settings.service.js';

/** An in-memory stand-in for the one-row table. */
function fakeRepository() {
  const state: { row: HubSettingsRow | null; inserts: number } = { row: null, inserts: 0 };
  const repository = {
    find: async () => (state.row ? { ...state.row } : null),
    findForUpdate: async () => (state.row ? { ...state.row } : null),
    insertIfMissing: async (values: HubSettingsValues) => {
      state.inserts += 1;
      state.row ??= { ...values, updatedAt: null, updatedById: null, updatedByName: null };
    },
    update: async (changes: Partial<HubSettingsValues>, updatedBy: string) => {
      state.row = { ...(state.row as HubSettingsRow), ...changes, updatedById: updatedBy, updatedByName: 'Ada', updatedAt: new Date() };
    },
    transaction: async <T>(work: (tx: never) => Promise<T>) => work(undefined as never),
  };
  return { state, repository: repository as unknown as HubSettingsRepository };
}

const viewer = (overrides: Partial<UserEntity> = {}): Viewer => ({ user: { id: 'admin-1', status: 'active', isAdmin: true, ...overrides } as UserEntity, sessionId: 's' });
const config = { allowMemberNetworks: true, autoApproveDomains: ['b.example', 'a.example', 'b.example'] } as AppConfig;

function service() {
  const { state, repository } = fakeRepository();
  const lines: AuditRecord[] = [];
  const audit = { record: async (line: AuditRecord) => void lines.push(line) } as unknown as AuditLogService;
  return { state, lines, settings: new HubSettingsService(repository, new HubSettingsPolicy(), audit, config) };
}

describe('HubSettingsService', () => {
  it('creates the row once, from the environment, and then reads only the row', async () => {
    const { state, settings } = service();
    expect(await settings.current()).toMatchObject({ hubName: 'Praxis', registrationOpen: true, membersMayCreateNetworks: true, autoApproveDomains: ['a.example', 'b.example'] });
    await settings.current();
    expect(state.inserts).toBe(1);
  });

  it('writes only changed fields, with one audit line of before and after', async () => {
    const { lines, settings } = service();
    const updated = await settings.update(viewer(), { hubName: 'Praxis', registrationOpen: false, autoApproveDomains: ['c.example', 'a.example'] });
    expect(updated).toMatchObject({ hubName: 'Praxis', registrationOpen: false, autoApproveDomains: ['a.example', 'c.example'], updatedBy: { id: 'admin-1' } });
    expect(lines).toEqual([
      {
        actorId: 'admin-1',
        action: 'hub.settings-updated',
        targetType: 'hub',
        targetId: 'settings',
        details: {
          changed: ['registrationOpen', 'autoApproveDomains'],
          before: { registrationOpen: true, autoApproveDomains: ['a.example', 'b.example'] },
          after: { registrationOpen: false, autoApproveDomains: ['a.example', 'c.example'] },
        },
      },
    ]);
    await settings.update(viewer(), { registrationOpen: false });
    expect(lines).toHaveLength(1);
  });

  it('refuses anyone but an active admin', async () => {
    const { lines, settings } = service();
    for (const who of [viewer({ isAdmin: false }), viewer({ status: 'suspended' }), viewer({ isAdmin: false, focalPointFor: 'Org' })]) {
      await expect(settings.update(who, { hubName: 'Mine' })).rejects.toBeInstanceOf(ForbiddenException);
      await expect(settings.get(who)).rejects.toBeInstanceOf(ForbiddenException);
    }
    expect(lines).toEqual([]);
    expect((await settings.hubInfo()).hubName).toBe('Praxis');
  });
});

describe('emailDomainIn', () => {
  it('matches the exact domain in any case, never a look-alike or a subdomain', () => {
    expect(emailDomainIn(['police.example'], 'Ana@Police.Example')).toBe(true);
    expect(emailDomainIn(['police.example'], 'ana@evil.police.example')).toBe(false);
    expect(emailDomainIn(['police.example'], 'ana@police.example.evil')).toBe(false);
    expect(emailDomainIn(['police.example'], 'no-at-sign')).toBe(false);
    expect(emailDomainIn([], 'ana@police.example')).toBe(false);
  });
});
