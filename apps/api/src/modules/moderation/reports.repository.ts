import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ReportAction, ReportReason, ReportStatus, ReportTargetType } from '@praxis/contracts';

/** The reported thing as the queue shows it, read in one query per type. */
export interface TargetRow {
  type: ReportTargetType;
  id: string;
  networkId: string | null;
  title: string;
  excerpt: string;
  authorId: string | null;
  authorIsAdmin: boolean;
  threadId: string | null;
  seq: string | null;
  removed: boolean;
  locked: boolean | null;
  /** For the library policy: the resource's deletion. */
  deletedAt: Date | null;
}

export interface ReportRow {
  id: string;
  targetType: ReportTargetType;
  targetId: string;
  networkId: string | null;
  networkSlug: string | null;
  networkName: string | null;
  reporterId: string;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  action: ReportAction | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  openReports: number;
}

const AUTHOR = `au.is_admin AS "authorIsAdmin"`;

/** One projection per target type: title, a plain excerpt, author, network, and whether it is already gone. */
const TARGETS: Record<ReportTargetType, string> = {
  post: `SELECT 'post' AS type, p.id, t.network_id AS "networkId", t.title, left(p.body, 300) AS excerpt, p.author_id AS "authorId", ${AUTHOR},
           t.id AS "threadId", p.seq, p.deleted_at IS NOT NULL AS removed, t.locked, NULL::timestamptz AS "deletedAt"
      FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users au ON au.id = p.author_id WHERE p.id = $1`,
  thread: `SELECT 'thread' AS type, t.id, t.network_id AS "networkId", t.title,
           coalesce((SELECT left(f.body, 300) FROM posts f WHERE f.thread_id = t.id ORDER BY f.seq LIMIT 1), '') AS excerpt,
           t.author_id AS "authorId", ${AUTHOR}, t.id AS "threadId", NULL::bigint AS seq, false AS removed, t.locked, NULL::timestamptz AS "deletedAt"
      FROM threads t JOIN users au ON au.id = t.author_id WHERE t.id = $1`,
  resource: `SELECT 'resource' AS type, r.id, r.network_id AS "networkId", r.title, left(r.summary, 300) AS excerpt, r.created_by AS "authorId",
           coalesce(au.is_admin, false) AS "authorIsAdmin", NULL::uuid AS "threadId", NULL::bigint AS seq, r.deleted_at IS NOT NULL AS removed, NULL::boolean AS locked,
           r.deleted_at AS "deletedAt"
      FROM resources r LEFT JOIN users au ON au.id = r.created_by WHERE r.id = $1`,
  event: `SELECT 'event' AS type, e.id, e.network_id AS "networkId", e.title, left(e.description, 300) AS excerpt, e.created_by AS "authorId",
           coalesce(au.is_admin, false) AS "authorIsAdmin", NULL::uuid AS "threadId", NULL::bigint AS seq, false AS removed, NULL::boolean AS locked,
           NULL::timestamptz AS "deletedAt"
      FROM events e LEFT JOIN users au ON au.id = e.created_by WHERE e.id = $1`,
  user: `SELECT 'user' AS type, au.id, NULL::uuid AS "networkId", au.display_name AS title, au.job_title || ' · ' || au.organisation AS excerpt,
           au.id AS "authorId", ${AUTHOR}, NULL::uuid AS "threadId", NULL::bigint AS seq, au.status <> 'active' AS removed, NULL::boolean AS locked,
           NULL::timestamptz AS "deletedAt"
      FROM users au WHERE au.id = $1`,
};

const REPORT_COLUMNS = `r.id, r.target_type AS "targetType", r.target_id AS "targetId", r.network_id AS "networkId", n.slug::text AS "networkSlug",
  n.name AS "networkName", r.reporter_id AS "reporterId", r.reason, r.note, r.status, r.action, r.resolution_note AS "resolutionNote",
  r.resolved_by AS "resolvedBy", r.resolved_at AS "resolvedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM reports o WHERE o.target_type = r.target_type AND o.target_id = r.target_id AND o.status = 'open') AS "openReports"`;

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  people(ids: string[]): Promise<Map<string, PersonRow>> {
    return peopleOf(this.db, ids);
  }

  async target(type: ReportTargetType, id: string): Promise<TargetRow | null> {
    const rows: TargetRow[] = await this.db.query(TARGETS[type], [id]);
    return rows[0] ?? null;
  }

  /** Reporting the same target again updates the report (reason, note) and opens it again. */
  async upsert(r: { targetType: ReportTargetType; targetId: string; networkId: string | null; reporterId: string; reason: ReportReason; note: string | null }): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO reports (target_type, target_id, network_id, reporter_id, reason, note) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (reporter_id, target_type, target_id) DO UPDATE
         SET reason = EXCLUDED.reason, note = EXCLUDED.note, network_id = EXCLUDED.network_id, status = 'open', action = NULL,
             resolution_note = NULL, resolved_by = NULL, resolved_at = NULL, updated_at = now()
       RETURNING id`,
      [r.targetType, r.targetId, r.networkId, r.reporterId, r.reason, r.note],
    );
    return rows[0].id;
  }

  async find(id: string, manager?: EntityManager): Promise<ReportRow | null> {
    const rows: ReportRow[] = await (manager ?? this.db.manager).query(
      `SELECT ${REPORT_COLUMNS} FROM reports r LEFT JOIN networks n ON n.id = r.network_id WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A queue: one network's reports, or (networkId null) the hub-wide ones; newest first, keyset by (created_at, id). */
  async queue(networkId: string | null, status: ReportStatus | undefined, after: { createdAt: Date; id: string } | null, limit: number): Promise<ReportRow[]> {
    return this.db.query(
      `SELECT ${REPORT_COLUMNS} FROM reports r LEFT JOIN networks n ON n.id = r.network_id
        WHERE r.network_id IS NOT DISTINCT FROM $1::uuid AND ($2::text IS NULL OR r.status = $2)
          AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
        ORDER BY r.created_at DESC, r.id DESC LIMIT $5`,
      [networkId, status ?? null, after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }

  /** Resolves every open report of the target at once (the action applies to the target); returns their reporters. */
  async resolveTarget(
    targetType: ReportTargetType, targetId: string, action: ReportAction, note: string | null, by: string, manager: EntityManager,
  ): Promise<string[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = (await manager.query(
      `UPDATE reports SET status = 'resolved', action = $3, resolution_note = $4, resolved_by = $5, resolved_at = now(), updated_at = now()
        WHERE target_type = $1 AND target_id = $2 AND status = 'open' RETURNING reporter_id AS "reporterId"`,
      [targetType, targetId, action, note, by],
    )) as [{ reporterId: string }[], number];
    return rows.map((r) => r.reporterId);
  }
}

export interface PersonRow {
  id: string;
  handle: string;
  displayName: string;
  organisation: string;
  avatarFileId: string | null;
  status: string;
}

/** The people a page of reports names (reporters, authors, moderators), in one query. */
export async function peopleOf(db: DataSource, ids: string[]): Promise<Map<string, PersonRow>> {
  if (!ids.length) return new Map();
  const rows: PersonRow[] = await db.query(
    `SELECT id, handle::text AS handle, display_name AS "displayName", organisation, avatar_file_id AS "avatarFileId", status FROM users WHERE id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}
