import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** A transaction handle that services pass through without knowing the ORM. */
export type AuditTransaction = EntityManager;

export interface AuditRecord {
  /** Null when the system acted (installation, automatic approval). */
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  networkId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  actorId: string | null;
  actorHandle: string | null;
  actorDisplayName: string | null;
  actorOrganisation: string | null;
  actorAvatarFileId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  networkId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export interface AuditFilter {
  /** Undefined: every line; a network id: that network's lines only. */
  networkId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Lines older than this id (ids only grow, so they order the log). */
  beforeId?: string;
  limit: number;
}

/** The audit_log table: append-only, read newest first. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(record: AuditRecord, manager?: AuditTransaction): Promise<void> {
    await (manager ?? this.db).query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, network_id, reason, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        record.actorId,
        record.action,
        record.targetType,
        record.targetId,
        record.networkId ?? null,
        record.reason ?? null,
        JSON.stringify(record.details ?? {}),
      ],
    );
  }

  list(filter: AuditFilter): Promise<AuditRow[]> {
    return this.db.query(
      `SELECT a.id::text AS id, a.actor_id AS "actorId", u.handle AS "actorHandle", u.display_name AS "actorDisplayName",
              u.organisation AS "actorOrganisation", u.avatar_file_id AS "actorAvatarFileId",
              a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.network_id AS "networkId",
              a.reason, a.details, a.created_at AS "createdAt"
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ($1::uuid IS NULL OR a.network_id = $1::uuid)
          AND ($2::text IS NULL OR a.action = $2)
          AND ($3::text IS NULL OR a.target_type = $3)
          AND ($4::text IS NULL OR a.target_id = $4)
          AND ($5::bigint IS NULL OR a.id < $5::bigint)
        ORDER BY a.id DESC
        LIMIT $6`,
      [
        filter.networkId ?? null,
        filter.action ?? null,
        filter.targetType ?? null,
        filter.targetId ?? null,
        filter.beforeId ?? null,
        filter.limit,
      ],
    );
  }
}
