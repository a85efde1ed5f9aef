import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** A transaction handle that the service passes through without knowing the ORM. */
export type SettingsTransaction = EntityManager;

/** The one row of hub_settings, as stored. */
export interface HubSettingsRow {
  hubName: string;
  registrationOpen: boolean;
  membersMayCreateNetworks: boolean;
  autoApproveDomains: string[];
  updatedAt: Date | null;
  updatedById: string | null;
  updatedByName: string | null;
}

export type HubSettingsValues = Pick<HubSettingsRow, 'hubName' | 'registrationOpen' | 'membersMayCreateNetworks' | 'autoApproveDomains'>;

const COLUMNS: Record<keyof HubSettingsValues, string> = {
  hubName: 'hub_name',
  registrationOpen: 'registration_open',
  membersMayCreateNetworks: 'members_may_create_networks',
  autoApproveDomains: 'auto_approve_domains',
};

const SELECT = `
  SELECT s.hub_name AS "hubName", s.registration_open AS "registrationOpen",
         s.members_may_create_networks AS "membersMayCreateNetworks", s.auto_approve_domains AS "autoApproveDomains",
         s.updated_at AS "updatedAt", s.updated_by AS "updatedById", u.display_name AS "updatedByName"
    FROM hub_settings s LEFT JOIN users u ON u.id = s.updated_by
   WHERE s.id = 1`;

/** The hub_settings table: a single row (id 1), read by primary key on every request that needs it. */
@Injectable()
export class HubSettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(manager?: SettingsTransaction): Promise<HubSettingsRow | null> {
    const rows: HubSettingsRow[] = await (manager ?? this.db).query(SELECT);
    return rows[0] ?? null;
  }

  /** The row, locked until the transaction ends, so that two admins' changes queue and each sees the other's. */
  async findForUpdate(manager: SettingsTransaction): Promise<HubSettingsRow | null> {
    const rows: HubSettingsRow[] = await manager.query(`${SELECT} FOR UPDATE OF s`);
    return rows[0] ?? null;
  }

  /** Creates the row with these values unless it exists (several nodes may start at once). */
  async insertIfMissing(values: HubSettingsValues): Promise<void> {
    await this.db.query(
      `INSERT INTO hub_settings (id, hub_name, registration_open, members_may_create_networks, auto_approve_domains)
       VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [values.hubName, values.registrationOpen, values.membersMayCreateNetworks, values.autoApproveDomains],
    );
  }

  async update(changes: Partial<HubSettingsValues>, updatedBy: string, manager: SettingsTransaction): Promise<void> {
    const entries = (Object.keys(COLUMNS) as (keyof HubSettingsValues)[]).filter((key) => changes[key] !== undefined);
    const sets = entries.map((key, i) => `${COLUMNS[key]} = $${i + 2}`);
    await manager.query(`UPDATE hub_settings SET ${[...sets, 'updated_by = $1', 'updated_at = now()'].join(', ')} WHERE id = 1`, [
      updatedBy,
      ...entries.map((key) => changes[key]),
    ]);
  }

  transaction<T>(work: (manager: SettingsTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
