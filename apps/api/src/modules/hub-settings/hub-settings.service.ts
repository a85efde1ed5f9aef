import { ForbiddenException, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { HubInfo, HubSettings, UpdateHubSettingsRequest } from '@praxis/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { AuditLogService } from '../audit/audit.service.js';
import { HubSettingsPolicy } from './hub-settings.policy.js';
import { HubSettingsRepository, type HubSettingsRow, type HubSettingsValues } from './hub-settings.repository.js';

export type { HubSettingsRow } from './hub-settings.repository.js';

export const DEFAULT_HUB_NAME = 'Praxis';
const EDITABLE = ['hubName', 'registrationOpen', 'membersMayCreateNetworks', 'autoApproveDomains'] as const satisfies readonly (keyof HubSettingsValues)[];

/** Whether the address belongs to one of the auto-approved domains (exact domain, any case). */
export function emailDomainIn(domains: readonly string[], email: string): boolean {
  const domain = email.split('@')[1]?.trim().toLowerCase();
  return Boolean(domain) && domains.includes(domain as string);
}

function toHubSettings(row: HubSettingsRow): HubSettings {
  return {
    hubName: row.hubName,
    registrationOpen: row.registrationOpen,
    membersMayCreateNetworks: row.membersMayCreateNetworks,
    autoApproveDomains: row.autoApproveDomains,
    updatedAt: row.updatedAt ? new Date(row.updatedAt).toISOString() : null,
    updatedBy: row.updatedById ? { id: row.updatedById, displayName: row.updatedByName ?? '' } : null,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The hub settings (D2). The database row is the only source of truth: every API node reads it
 * (one primary-key row) whenever a decision depends on it, so a change made through one node holds
 * on every node at once, with no cache to invalidate. ALLOW_MEMBER_NETWORKS and AUTO_APPROVE_DOMAINS
 * only give the initial values, when the row is created at first start.
 */
@Injectable()
export class HubSettingsService implements OnApplicationBootstrap {
  constructor(
    private readonly settings: HubSettingsRepository,
    private readonly policy: HubSettingsPolicy,
    private readonly audit: AuditLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the row at first start, while the environment still says what the initial values are. */
  async onApplicationBootstrap(): Promise<void> {
    await this.current();
  }

  initialValues(): HubSettingsValues {
    return {
      hubName: DEFAULT_HUB_NAME,
      registrationOpen: true,
      membersMayCreateNetworks: this.config.allowMemberNetworks,
      autoApproveDomains: [...new Set(this.config.autoApproveDomains)].sort(),
    };
  }

  /** The settings as stored now. */
  async current(): Promise<HubSettingsRow> {
    const row = await this.settings.find();
    if (row) return row;
    await this.settings.insertIfMissing(this.initialValues());
    const created = await this.settings.find();
    if (!created) throw new Error('hub_settings has no row after creating it');
    return created;
  }

  async hubInfo(): Promise<HubInfo> {
    const { hubName, registrationOpen } = await this.current();
    return { hubName, registrationOpen };
  }

  async get(viewer: Viewer): Promise<HubSettings> {
    this.assertManager(viewer);
    return toHubSettings(await this.current());
  }

  /** Changes the fields sent; one audit line records who changed what, from what, to what. */
  async update(viewer: Viewer, input: UpdateHubSettingsRequest): Promise<HubSettings> {
    this.assertManager(viewer);
    await this.current();
    const wanted: Partial<HubSettingsValues> = {
      ...input,
      ...(input.autoApproveDomains ? { autoApproveDomains: [...new Set(input.autoApproveDomains)].sort() } : {}),
    };
    await this.settings.transaction(async (tx) => {
      const before = await this.settings.findForUpdate(tx);
      if (!before) throw new Error('hub_settings has no row');
      const changed = EDITABLE.filter((key) => wanted[key] !== undefined && !same(wanted[key], before[key]));
      if (!changed.length) return;
      const pick = (source: Partial<HubSettingsValues>) => Object.fromEntries(changed.map((key) => [key, source[key]]));
      await this.settings.update(pick(wanted), viewer.user.id, tx);
      await this.audit.record(
        {
          actorId: viewer.user.id,
          action: 'hub.settings-updated',
          targetType: 'hub',
          targetId: 'settings',
          details: { changed, before: pick(before), after: pick(wanted) },
        },
        tx,
      );
    });
    return toHubSettings(await this.current());
  }

  private assertManager(viewer: Viewer) {
    if (!this.policy.mayManage(viewer)) throw new ForbiddenException('Platform administrators only');
  }
}
