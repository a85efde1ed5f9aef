import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Category, LibraryContributors, MembershipStatus, NetworkRole, NetworkVisibility } from '@praxis/contracts';
import type { PolicyMembership, PolicyNetwork, PolicyViewer } from './networks.policy.js';

/** A transaction handle that services pass through without knowing the ORM. */
export type Tx = EntityManager;

/** The input of the networks policy for one viewer in one network. */
export interface AccessContext {
  viewer: PolicyViewer;
  network: PolicyNetwork;
  membership: PolicyMembership | null;
}

export interface NetworkRow {
  id: string;
  slug: string;
  name: string;
  summary: string;
  description: string;
  visibility: NetworkVisibility;
  tags: string[];
  createdAt: Date;
  memberCount: number;
  libraryContributors: LibraryContributors;
  holdFirstPosts: number;
  holdForDays: number;
}

export interface MemberRow {
  userId: string;
  handle: string;
  displayName: string;
  organisation: string;
  avatarFileId: string | null;
  role: NetworkRole;
  status: MembershipStatus;
  message: string | null;
  mutedUntil: Date | null;
  joinedAt: Date | null;
  createdAt: Date;
}

const NETWORK_COLUMNS = `n.id, n.slug::text AS slug, n.name, n.summary, n.description, n.visibility, n.tags, n.created_at AS "createdAt",
  n.library_contributors AS "libraryContributors", n.hold_first_posts AS "holdFirstPosts", n.hold_for_days AS "holdForDays", (SELECT count(*)::int FROM network_memberships c WHERE c.network_id = n.id AND c.status = 'active') AS "memberCount"`;
const MEMBER_COLUMNS = `m.user_id AS "userId", u.handle::text AS handle, u.display_name AS "displayName", u.organisation,
  u.avatar_file_id AS "avatarFileId", m.role, m.status, m.message, m.muted_until AS "mutedUntil", m.joined_at AS "joinedAt", m.created_at AS "createdAt"`;

/** networks, network_memberships and the room log (room_sequences, room_events). */
@Injectable()
export class NetworksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  private q(tx?: Tx) {
    return tx ?? this.db;
  }

  /** Who the user is and where they stand in the network, in one read; null when either is unknown. */
  accessContext(userId: string, networkId: string): Promise<AccessContext | null> {
    return this.contextWhere(userId, '$2::uuid', networkId);
  }

  /** The access context in the network that holds the thread (as it is now), in one round trip; null when either is unknown. */
  accessContextOfThread(userId: string, threadId: string): Promise<(AccessContext & { networkId: string }) | null> {
    return this.contextWhere(userId, 'SELECT network_id FROM threads WHERE id = $2', threadId);
  }

  private async contextWhere(userId: string, networkSql: string, param: string): Promise<(AccessContext & { networkId: string }) | null> {
    const rows: { networkId: string; id: string; isAdmin: boolean; status: string; visibility: NetworkVisibility; role: NetworkRole | null; mstatus: MembershipStatus | null; mutedUntil: Date | null }[] =
      await this.db.query(
        `SELECT n.id AS "networkId", u.id, u.is_admin AS "isAdmin", u.status, n.visibility, m.role, m.status AS mstatus, m.muted_until AS "mutedUntil"
           FROM users u CROSS JOIN networks n
           LEFT JOIN network_memberships m ON m.network_id = n.id AND m.user_id = u.id
          WHERE u.id = $1 AND n.id = (${networkSql})`,
        [userId, param],
      );
    const r = rows[0];
    if (!r) return null;
    return {
      networkId: r.networkId,
      viewer: { id: r.id, isAdmin: r.isAdmin, status: r.status },
      network: { visibility: r.visibility },
      membership: r.role && r.mstatus ? { role: r.role, status: r.mstatus, mutedUntil: r.mutedUntil } : null,
    };
  }

  /** Every network with the user's membership there (if any): the input of the policy's "which networks" questions. */
  async allContexts(userId: string): Promise<{ viewer: PolicyViewer; networks: { id: string; network: PolicyNetwork; membership: PolicyMembership | null }[] } | null> {
    const users: PolicyViewer[] = await this.db.query(`SELECT id, is_admin AS "isAdmin", status FROM users WHERE id = $1`, [userId]);
    if (!users[0]) return null;
    const rows: { id: string; visibility: NetworkVisibility; role: NetworkRole | null; mstatus: MembershipStatus | null; mutedUntil: Date | null }[] = await this.db.query(
      `SELECT n.id, n.visibility, m.role, m.status AS mstatus, m.muted_until AS "mutedUntil"
         FROM networks n LEFT JOIN network_memberships m ON m.network_id = n.id AND m.user_id = $1`,
      [userId],
    );
    return {
      viewer: users[0],
      networks: rows.map((r) => ({
        id: r.id,
        network: { visibility: r.visibility },
        membership: r.role && r.mstatus ? { role: r.role, status: r.mstatus, mutedUntil: r.mutedUntil } : null,
      })),
    };
  }

  /** The network of a post's thread (as it is now, after any move) and whether the post was deleted. */
  async postPlace(postId: string): Promise<{ networkId: string; deleted: boolean } | null> {
    const rows: { networkId: string; deleted: boolean }[] = await this.db.query(
      `SELECT t.network_id AS "networkId", p.deleted_at IS NOT NULL AS deleted FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1`,
      [postId],
    );
    return rows[0] ?? null;
  }

  async networkOfPost(postId: string): Promise<string | null> {
    const rows: { networkId: string }[] = await this.db.query(
      `SELECT t.network_id AS "networkId" FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1`,
      [postId],
    );
    return rows[0]?.networkId ?? null;
  }

  async openIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM networks WHERE visibility = 'open'`);
    return rows.map((r) => r.id);
  }

  async find(idOrSlug: string, tx?: Tx): Promise<NetworkRow | null> {
    return (await this.findWithMembership(idOrSlug, null, tx))?.network ?? null;
  }

  /** The network and, for a user, their membership there, in one round trip. */
  async findWithMembership(idOrSlug: string, userId: string | null, tx?: Tx): Promise<{ network: NetworkRow; membership: PolicyMembership | null } | null> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
    const rows: (NetworkRow & { mrole: NetworkRole | null; mstatus: MembershipStatus | null; mutedUntil: Date | null })[] = await this.q(tx).query(
      `SELECT ${NETWORK_COLUMNS}, m.role AS mrole, m.status AS mstatus, m.muted_until AS "mutedUntil"
         FROM networks n LEFT JOIN network_memberships m ON m.network_id = n.id AND m.user_id = $2::uuid
        WHERE ${byId ? 'n.id = $1::uuid' : 'n.slug = $1'}`,
      [idOrSlug, userId],
    );
    const r = rows[0];
    if (!r) return null;
    const { mrole, mstatus, mutedUntil, ...network } = r;
    return { network, membership: mrole && mstatus ? { role: mrole, status: mstatus, mutedUntil } : null };
  }

  /**
   * Networks the viewer may see in a list, by name (networkRules.canSee in SQL): open ones for
   * everyone, restricted ones for members, hidden ones for their members and invitees; `viewerId`
   * null for visitors and accounts without active access.
   */
  async list(options: { viewerId: string | null; isAdmin: boolean; q?: string; mine?: boolean; afterId?: string; limit: number }): Promise<NetworkRow[]> {
    return this.db.query(
      `SELECT ${NETWORK_COLUMNS} FROM networks n
        LEFT JOIN network_memberships me ON me.network_id = n.id AND me.user_id = $1::uuid
        WHERE ($2::boolean OR n.visibility = 'open' OR ($1::uuid IS NOT NULL AND n.visibility = 'restricted') OR me.status IN ('active', 'invited'))
          AND ($3::text IS NULL OR n.name ILIKE '%' || $3 || '%' OR n.summary ILIKE '%' || $3 || '%')
          AND (NOT $4::boolean OR me.status = 'active')
          AND ($5::uuid IS NULL OR (lower(n.name), n.id) > (SELECT lower(c.name), c.id FROM networks c WHERE c.id = $5::uuid))
        ORDER BY lower(n.name), n.id
        LIMIT $6`,
      [options.viewerId, options.isAdmin, options.q ?? null, options.mine ?? false, options.afterId ?? null, options.limit],
    );
  }

  async membershipsOf(userId: string, networkIds: string[]): Promise<Map<string, PolicyMembership>> {
    if (!networkIds.length) return new Map();
    const rows: { networkId: string; role: NetworkRole; status: MembershipStatus; mutedUntil: Date | null }[] = await this.db.query(
      `SELECT network_id AS "networkId", role, status, muted_until AS "mutedUntil" FROM network_memberships WHERE user_id = $1 AND network_id = ANY($2::uuid[])`,
      [userId, networkIds],
    );
    return new Map(rows.map((r) => [r.networkId, { role: r.role, status: r.status, mutedUntil: r.mutedUntil }]));
  }

  async insert(
    n: { slug: string; name: string; summary: string; description: string; visibility: NetworkVisibility; tags: string[]; libraryContributors: LibraryContributors; createdBy: string },
    tx: Tx,
  ): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO networks (slug, name, summary, description, visibility, tags, library_contributors, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [n.slug, n.name, n.summary, n.description, n.visibility, n.tags, n.libraryContributors, n.createdBy],
    );
    return (row as { id: string }).id;
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM networks WHERE slug = $1`, [slug])).length > 0;
  }

  /** The rooms whose read access follows the network's: its own, its threads' and its events'. */
  async roomsFollowing(networkId: string): Promise<string[]> {
    const rows: { room: string }[] = await this.db.query(
      `SELECT 'network:' || id AS room FROM networks WHERE id = $1
       UNION ALL SELECT 'thread:' || id FROM threads WHERE network_id = $1
       UNION ALL SELECT 'event:' || id FROM events WHERE network_id = $1`,
      [networkId],
    );
    return rows.map((r) => r.room);
  }

  async update(
    id: string,
    changes: Partial<{
      name: string; summary: string; description: string; visibility: NetworkVisibility; tags: string[]; slug: string; libraryContributors: LibraryContributors;
      holdFirstPosts: number; holdForDays: number;
    }>,
    tx: Tx,
  ) {
    const columns = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (!columns.length) return;
    const column = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const sets = columns.map(([k], i) => `${column(k)} = $${i + 2}`).join(', ');
    await tx.query(`UPDATE networks SET ${sets}, updated_at = now() WHERE id = $1`, [id, ...columns.map(([, v]) => v)]);
  }

  /** The membership row, locked until the transaction ends so concurrent changes serialise. */
  async lockMembership(networkId: string, userId: string, tx: Tx): Promise<PolicyMembership | null> {
    const rows: PolicyMembership[] = await tx.query(
      `SELECT role, status, muted_until AS "mutedUntil" FROM network_memberships WHERE network_id = $1 AND user_id = $2 FOR UPDATE`,
      [networkId, userId],
    );
    return rows[0] ?? null;
  }

  async upsertMembership(
    networkId: string,
    userId: string,
    values: { status: MembershipStatus; role?: NetworkRole; message?: string | null; invitedBy?: string | null },
    tx: Tx,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO network_memberships (network_id, user_id, role, status, message, invited_by, joined_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4 = 'active' THEN now() END)
       ON CONFLICT (network_id, user_id) DO UPDATE SET
         role = COALESCE($7, network_memberships.role),
         status = $4,
         message = COALESCE($5, network_memberships.message),
         invited_by = COALESCE($6, network_memberships.invited_by),
         muted_until = CASE WHEN $4 = 'banned' THEN NULL ELSE network_memberships.muted_until END,
         joined_at = CASE WHEN $4 = 'active' THEN COALESCE(network_memberships.joined_at, now()) ELSE network_memberships.joined_at END,
         updated_at = now()`,
      [networkId, userId, values.role ?? 'member', values.status, values.message ?? null, values.invitedBy ?? null, values.role ?? null],
    );
  }

  async setRole(networkId: string, userId: string, role: NetworkRole, tx: Tx) {
    await tx.query(`UPDATE network_memberships SET role = $3, updated_at = now() WHERE network_id = $1 AND user_id = $2`, [networkId, userId, role]);
  }

  async setMutedUntil(networkId: string, userId: string, until: Date | null, tx: Tx) {
    await tx.query(`UPDATE network_memberships SET muted_until = $3, updated_at = now() WHERE network_id = $1 AND user_id = $2`, [networkId, userId, until]);
  }

  async deleteMembership(networkId: string, userId: string, tx: Tx) {
    await tx.query(`DELETE FROM network_memberships WHERE network_id = $1 AND user_id = $2`, [networkId, userId]);
  }

  async countOwners(networkId: string, tx: Tx): Promise<number> {
    const [row] = await tx.query(`SELECT count(*)::int AS n FROM network_memberships WHERE network_id = $1 AND role = 'owner' AND status = 'active'`, [networkId]);
    return (row as { n: number }).n;
  }

  /**
   * Members by name, keyset on (lower(display_name), id). `q` keeps those whose display name,
   * handle or organisation contains every word of it, case and accents ignored.
   */
  async members(networkId: string, status: MembershipStatus, afterUserId: string | undefined, limit: number, q?: string): Promise<MemberRow[]> {
    const words = (q ?? '').split(/\s+/).filter(Boolean).slice(0, 8).map((w) => w.replace(/^@/, '').replace(/[\\%_]/g, (c) => `\\${c}`)).filter(Boolean);
    return this.db.query(
      `SELECT ${MEMBER_COLUMNS} FROM network_memberships m JOIN users u ON u.id = m.user_id
        WHERE m.network_id = $1 AND m.status = $2
          AND ($3::uuid IS NULL OR (lower(u.display_name), u.id) > (SELECT lower(c.display_name), c.id FROM users c WHERE c.id = $3::uuid))
          AND NOT EXISTS (
            SELECT 1 FROM unnest($5::text[]) AS w(word)
             WHERE unaccent(lower(u.display_name || ' ' || u.handle::text || ' ' || coalesce(u.organisation, '')))
                   NOT LIKE '%' || unaccent(lower(w.word)) || '%')
        ORDER BY lower(u.display_name), u.id LIMIT $4`,
      [networkId, status, afterUserId ?? null, limit, words],
    );
  }

  async member(networkId: string, userId: string, tx?: Tx): Promise<MemberRow | null> {
    const rows: MemberRow[] = await this.q(tx).query(
      `SELECT ${MEMBER_COLUMNS} FROM network_memberships m JOIN users u ON u.id = m.user_id WHERE m.network_id = $1 AND m.user_id = $2`,
      [networkId, userId],
    );
    return rows[0] ?? null;
  }

  async activeUser(userId: string): Promise<{ id: string; displayName: string } | null> {
    const rows: { id: string; displayName: string }[] = await this.db.query(
      `SELECT id, display_name AS "displayName" FROM users WHERE id = $1 AND status = 'active'`,
      [userId],
    );
    return rows[0] ?? null;
  }

  categories(networkId: string): Promise<Category[]> {
    return this.db.query(
      `SELECT id, name, slug::text AS slug, description, moderators_only AS "moderatorsOnly", position
         FROM network_categories WHERE network_id = $1 ORDER BY position, lower(name)`,
      [networkId],
    );
  }

  async category(networkId: string, categoryId: string): Promise<Category | null> {
    return (await this.categories(networkId)).find((c) => c.id === categoryId) ?? null;
  }

  async insertCategory(networkId: string, c: { name: string; slug: string; description: string | null; moderatorsOnly: boolean; position: number }, tx?: Tx): Promise<string> {
    const [row] = await this.q(tx).query(
      `INSERT INTO network_categories (network_id, name, slug, description, moderators_only, position) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [networkId, c.name, c.slug, c.description, c.moderatorsOnly, c.position],
    );
    return (row as { id: string }).id;
  }
}
