import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { LibraryContributors } from '@praxis/contracts';
import type { ResourceFilter, ResourceRow } from './library.types.js';

/** Extracted text searched with a resource is capped (K3: about 1 MB per file, this much per resource). */
export const RESOURCE_TEXT_LIMIT = 4 * 1048576;

const COLUMNS = `r.id, r.network_id AS "networkId", n.slug AS "networkSlug", n.name AS "networkName", r.title, r.summary,
  r.summary_html AS "summaryHtml", r.kind, r.language, r.countries, r.tags, to_char(r.published_on, 'YYYY-MM-DD') AS "publishedOn",
  r.url, r.featured_at AS "featuredAt", r.created_by AS "createdBy", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  r.deleted_at AS "deletedAt", cu.handle AS "creatorHandle", cu.display_name AS "creatorName",
  cu.organisation AS "creatorOrganisation", cu.avatar_file_id AS "creatorAvatarFileId", cu.status AS "creatorStatus",
  (SELECT count(*)::int FROM stored_files f WHERE f.owner_type = 'resource' AND f.owner_id = r.id) AS "fileCount"`;

const FROM = `resources r LEFT JOIN networks n ON n.id = r.network_id LEFT JOIN users cu ON cu.id = r.created_by`;

/** Columns a caller may set, by property name. */
const WRITABLE: Record<string, string> = {
  networkId: 'network_id', title: 'title', summary: 'summary', summaryHtml: 'summary_html', kind: 'kind', language: 'language',
  countries: 'countries', tags: 'tags', publishedOn: 'published_on', url: 'url',
};

/** Collects positional parameters while a query's conditions are written. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface ResourceScope {
  hub: boolean;
  networkIds: string[];
}

export type FacetName = 'kind' | 'language' | 'country' | 'tag';

@Injectable()
export class ResourcesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  private q(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  async find(id: string, manager?: EntityManager): Promise<ResourceRow | null> {
    const rows: ResourceRow[] = await this.q(manager).query(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findMany(ids: string[]): Promise<ResourceRow[]> {
    if (!ids.length) return [];
    return this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = ANY($1::uuid[])`, [ids]);
  }

  async contributors(networkId: string, manager?: EntityManager): Promise<LibraryContributors | null> {
    const rows: { contributors: LibraryContributors }[] = await this.q(manager).query(
      `SELECT library_contributors AS contributors FROM networks WHERE id = $1`,
      [networkId],
    );
    return rows[0]?.contributors ?? null;
  }

  async insert(fields: Partial<Record<keyof typeof WRITABLE, unknown>>, createdBy: string, manager: EntityManager): Promise<string> {
    const keys = Object.keys(fields).filter((k) => k in WRITABLE && fields[k] !== undefined);
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO resources (${[...keys.map((k) => WRITABLE[k]), 'created_by'].join(', ')})
       VALUES (${[...keys, 'createdBy'].map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      [...keys.map((k) => fields[k]), createdBy],
    );
    return rows[0].id;
  }

  async update(id: string, fields: Partial<Record<keyof typeof WRITABLE, unknown>>, manager: EntityManager): Promise<void> {
    const keys = Object.keys(fields).filter((k) => k in WRITABLE && fields[k] !== undefined);
    const sets = keys.map((k, i) => `${WRITABLE[k]} = $${i + 2}`);
    await manager.query(`UPDATE resources SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, [id, ...keys.map((k) => fields[k])]);
  }

  async setFeatured(id: string, featured: boolean, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE resources SET featured_at = CASE WHEN $2 THEN coalesce(featured_at, now()) END WHERE id = $1`, [id, featured]);
  }

  async softDelete(id: string, by: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE resources SET deleted_at = now(), deleted_by = $2, featured_at = NULL WHERE id = $1 AND deleted_at IS NULL`, [id, by]);
    await manager.query(`DELETE FROM resource_collection_items WHERE resource_id = $1`, [id]);
  }

  /** K3: the text of the resource's files that has been extracted, searched with it (weight C). */
  async refreshFileText(id: string, manager?: EntityManager): Promise<void> {
    await this.q(manager).query(
      `UPDATE resources r SET file_text = left(coalesce((
          SELECT string_agg(ft.text, E'\\n' ORDER BY f.created_at)
            FROM stored_files f JOIN file_texts ft ON ft.file_id = f.id
           WHERE f.owner_type = 'resource' AND f.owner_id = r.id AND ft.status = 'done'), ''), $2)
        WHERE r.id = $1`,
      [id, RESOURCE_TEXT_LIMIT],
    );
  }

  /** The conditions shared by the list and the facets: readable scope first, then the filters (minus `except`). */
  private where(scope: ResourceScope, filter: ResourceFilter, p: Params, except?: FacetName): string {
    const places = [scope.hub ? 'r.network_id IS NULL' : null, scope.networkIds.length ? `r.network_id = ANY(${p.add(scope.networkIds)}::uuid[])` : null].filter(Boolean);
    const conditions = ['r.deleted_at IS NULL', places.length ? `(${places.join(' OR ')})` : 'false'];
    if (filter.networkId === 'hub') conditions.push('r.network_id IS NULL');
    else if (filter.networkId) conditions.push(`r.network_id = ${p.add(filter.networkId)}::uuid`);
    if (filter.kind && except !== 'kind') conditions.push(`r.kind = ${p.add(filter.kind)}`);
    if (filter.language && except !== 'language') conditions.push(`r.language = ${p.add(filter.language)}`);
    if (filter.country && except !== 'country') conditions.push(`${p.add(filter.country)} = ANY(r.countries)`);
    if (filter.tag && except !== 'tag') conditions.push(`${p.add(filter.tag)} = ANY(r.tags)`);
    if (filter.from) conditions.push(`r.published_on >= ${p.add(filter.from)}::date`);
    if (filter.to) conditions.push(`r.published_on <= ${p.add(filter.to)}::date`);
    if (filter.featured !== undefined) conditions.push(filter.featured ? 'r.featured_at IS NOT NULL' : 'r.featured_at IS NULL');
    return conditions.join(' AND ');
  }

  /** One page in keyset order: newest (created_at, id) or title (lower(title), id); `after` is the last row seen. */
  async list(scope: ResourceScope, filter: ResourceFilter, order: 'newest' | 'title', after: ResourceRow | null, limit: number): Promise<ResourceRow[]> {
    const p = new Params();
    const where = this.where(scope, filter, p);
    let keyset = '';
    if (after) {
      keyset =
        order === 'newest'
          ? ` AND (r.created_at, r.id) < (${p.add(after.createdAt)}::timestamptz, ${p.add(after.id)}::uuid)`
          : ` AND (lower(r.title), r.id) > (lower(${p.add(after.title)}), ${p.add(after.id)}::uuid)`;
    }
    const orderBy = order === 'newest' ? 'r.created_at DESC, r.id DESC' : 'lower(r.title), r.id';
    return this.db.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}${keyset} ORDER BY ${orderBy} LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  async total(scope: ResourceScope, filter: ResourceFilter): Promise<number> {
    const p = new Params();
    const rows: { count: number }[] = await this.db.query(`SELECT count(*)::int AS count FROM resources r WHERE ${this.where(scope, filter, p)}`, p.values);
    return rows[0].count;
  }

  /** Counts per value of one facet, over the readable resources matching every other filter. */
  async facet(scope: ResourceScope, filter: ResourceFilter, facet: FacetName, limit = 50): Promise<{ value: string; count: number }[]> {
    const p = new Params();
    const value = { kind: 'r.kind', language: 'r.language', country: 'unnest(r.countries)', tag: 'unnest(r.tags)' }[facet];
    return this.db.query(
      `SELECT v AS value, count(*)::int AS count
         FROM (SELECT ${value} AS v FROM resources r WHERE ${this.where(scope, filter, p, facet)}) facet_values
        GROUP BY v ORDER BY count(*) DESC, v LIMIT ${limit}`,
      p.values,
    );
  }

  // ---- collections (K4)

  async collections(networkId: string): Promise<{ id: string; networkId: string; title: string; description: string; position: number; resourceIds: string[] }[]> {
    return this.db.query(
      `SELECT c.id, c.network_id AS "networkId", c.title, c.description, c.position,
              coalesce(array_agg(i.resource_id ORDER BY i.position) FILTER (WHERE i.resource_id IS NOT NULL), '{}') AS "resourceIds"
         FROM resource_collections c LEFT JOIN resource_collection_items i ON i.collection_id = c.id
        WHERE c.network_id = $1
        GROUP BY c.id ORDER BY c.position, c.created_at`,
      [networkId],
    );
  }

  async collection(id: string, manager?: EntityManager): Promise<{ id: string; networkId: string } | null> {
    const rows: { id: string; networkId: string }[] = await this.q(manager).query(`SELECT id, network_id AS "networkId" FROM resource_collections WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async insertCollection(c: { networkId: string; title: string; description: string; createdBy: string }, manager: EntityManager): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO resource_collections (network_id, title, description, position, created_by)
       VALUES ($1, $2, $3, (SELECT coalesce(max(position) + 1, 0) FROM resource_collections WHERE network_id = $1), $4) RETURNING id`,
      [c.networkId, c.title, c.description, c.createdBy],
    );
    return rows[0].id;
  }

  async updateCollection(id: string, c: { title?: string; description?: string; position?: number }, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE resource_collections SET title = coalesce($2, title), description = coalesce($3, description), position = coalesce($4, position) WHERE id = $1`,
      [id, c.title ?? null, c.description ?? null, c.position ?? null],
    );
  }

  /** Replaces the collection's items, in this order. */
  async setCollectionItems(id: string, resourceIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM resource_collection_items WHERE collection_id = $1`, [id]);
    if (resourceIds.length) {
      await manager.query(
        `INSERT INTO resource_collection_items (collection_id, resource_id, position) SELECT $1, r, o::int FROM unnest($2::uuid[]) WITH ORDINALITY AS t(r, o)`,
        [id, resourceIds],
      );
    }
  }

  async deleteCollection(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM resource_collections WHERE id = $1`, [id]);
  }

  /** How many of `ids` are live resources of that network (a collection holds only its network's resources). */
  async countInNetwork(ids: string[], networkId: string, manager: EntityManager): Promise<number> {
    if (!ids.length) return 0;
    const rows: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM resources WHERE id = ANY($1::uuid[]) AND network_id = $2 AND deleted_at IS NULL`,
      [ids, networkId],
    );
    return rows[0].count;
  }
}
