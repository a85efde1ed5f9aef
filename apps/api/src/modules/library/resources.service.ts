import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  FileTextStatus, Page, ResourceCollection, ResourceDetail, ResourceFacets, ResourceKind, ResourceSummary,
} from '@praxis/contracts';
import { renderMarkdown } from '../../common/markdown.js';
import { AuditLogService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { FileTextService } from '../file-text/file-text.service.js';
import { FilesService } from '../files/files.service.js';
import type { StoredFileEntity } from '../files/stored-file.entity.js';
import { avatarUrl } from '../users/user.mapper.js';
import { decodeIdCursor, pageOf } from '../users/cursor.js';
import type { CreateCollectionDto, CreateResourceDto, ResourceListQueryDto, UpdateCollectionDto, UpdateResourceDto } from './library.dto.js';
import { LibraryPolicy } from './library.policy.js';
import type { LibraryPlace, ResourceFilter, ResourceRow } from './library.types.js';
import { ResourcesRepository } from './resources.repository.js';

function toSummary(row: ResourceRow): ResourceSummary {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    language: row.language,
    countries: row.countries,
    tags: row.tags,
    publishedOn: row.publishedOn,
    network: row.networkId && row.networkSlug && row.networkName ? { id: row.networkId, slug: row.networkSlug, name: row.networkName } : null,
    featured: row.featuredAt !== null,
    fileCount: row.fileCount,
    hasUrl: row.url !== null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function filterOf(query: ResourceListQueryDto): ResourceFilter {
  const { kind, language, country, tag, networkId, from, to, featured } = query;
  return { kind, language, country, tag, networkId, from, to, featured };
}

/**
 * The knowledge library (K1, K4): resources with files and links, hub-wide or in a network,
 * featured on the network home and grouped in collections. Every answer asks LibraryPolicy; the
 * files follow the resource (FilesPolicy asks here on every download), and their text (K3) is
 * extracted in the background and searched with the resource.
 */
@Injectable()
export class ResourcesService {
  constructor(
    private readonly resources: ResourcesRepository,
    private readonly policy: LibraryPolicy,
    private readonly files: FilesService,
    private readonly fileText: FileTextService,
    private readonly audit: AuditLogService,
  ) {}

  private async place(networkId: string | null, manager?: EntityManager): Promise<LibraryPlace> {
    if (networkId === null) return { networkId: null, contributors: 'members' };
    const contributors = await this.resources.contributors(networkId, manager);
    if (contributors === null) throw new BadRequestException('No such network');
    return { networkId, contributors };
  }

  /** A resource the viewer may read, or 404 (the same answer whether it does not exist or may not be read). */
  private async readable(viewer: Viewer | null, id: string): Promise<ResourceRow> {
    const row = await this.resources.find(id);
    if (!row || !(await this.policy.mayRead(viewer, row))) throw new NotFoundException('No such resource');
    return row;
  }

  async list(viewer: Viewer, query: ResourceListQueryDto): Promise<Page<ResourceSummary>> {
    const limit = query.limit ?? 24;
    const order = query.order ?? 'newest';
    const afterId = decodeIdCursor(query.cursor);
    const after = afterId ? await this.resources.find(afterId) : null;
    const scope = await this.policy.readableScope(viewer);
    const rows = await this.resources.list(scope, filterOf(query), order, after, limit + 1);
    return pageOf(rows, limit, toSummary, (row) => [row.id]);
  }

  /** Facet counts over what the viewer may read: each facet with every filter but its own. */
  async facets(viewer: Viewer, query: ResourceListQueryDto): Promise<ResourceFacets> {
    const scope = await this.policy.readableScope(viewer);
    const filter = filterOf(query);
    const [total, kind, language, country, tag] = await Promise.all([
      this.resources.total(scope, filter),
      this.resources.facet(scope, filter, 'kind'),
      this.resources.facet(scope, filter, 'language'),
      this.resources.facet(scope, filter, 'country'),
      this.resources.facet(scope, filter, 'tag'),
    ]);
    return { total, kind: kind as { value: ResourceKind; count: number }[], language, country, tag };
  }

  async view(viewer: Viewer, id: string): Promise<ResourceDetail> {
    const row = await this.readable(viewer, id);
    const permissions = await this.policy.permissions(viewer, row, await this.place(row.networkId));
    const files = await this.files.listByOwner('resource', id);
    const statuses = await this.fileText.statuses(files.map((f) => f.id));
    const creatorShown = row.createdBy !== null && row.creatorHandle !== null && (row.creatorStatus === 'active' || row.createdBy === viewer.user.id);
    return {
      ...toSummary(row),
      summary: row.summary,
      summaryHtml: row.summaryHtml,
      url: row.url,
      files: files.map((f) => ({ id: f.id, name: f.name, size: f.size, mimeType: f.mimeType, textStatus: statuses.get(f.id) ?? ('unsupported' as FileTextStatus) })),
      createdBy: creatorShown
        ? {
            id: row.createdBy!,
            handle: row.creatorHandle!,
            displayName: row.creatorName ?? '',
            organisation: row.creatorOrganisation ?? '',
            avatarUrl: avatarUrl({ id: row.createdBy!, avatarFileId: row.creatorAvatarFileId }),
          }
        : null,
      updatedAt: new Date(row.updatedAt).toISOString(),
      permissions: { edit: permissions.edit, delete: permissions.delete, feature: permissions.feature },
    };
  }

  private checkContent(fileCount: number, url: string | null | undefined) {
    if (fileCount === 0 && !url) throw new BadRequestException({ message: 'Invalid input: a resource needs a file or a link', details: [{ field: 'fileIds', messages: ['add a file or a url'] }] });
  }

  /** Attaches the caller's own unattached uploads and queues their text for extraction (K3). */
  private async attach(manager: EntityManager, viewer: Viewer, resourceId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const moved = await this.files.attach(ids, viewer.user.id, { type: 'resource', id: resourceId }, manager);
    if (moved !== ids.length) throw new BadRequestException('fileIds must be your own uploads that are not attached yet');
    // The uploads were committed before this transaction; their types are read as stored.
    const attached = await Promise.all(ids.map((fileId) => this.files.findById(fileId)));
    await this.fileText.enqueue(attached.flatMap((f) => (f ? [{ id: f.id, mimeType: f.mimeType }] : [])), manager);
  }

  async create(viewer: Viewer, dto: CreateResourceDto): Promise<ResourceDetail> {
    const networkId = dto.networkId ?? null;
    const place = await this.place(networkId);
    const standing = await this.policy.standing(viewer, place);
    if (!standing.add) {
      if (networkId && !standing.read) throw new NotFoundException('No such network');
      throw new ForbiddenException(networkId ? 'You may not add resources to this network’s library' : 'Only admins add hub-wide resources');
    }
    const fileIds = [...new Set(dto.fileIds ?? [])];
    this.checkContent(fileIds.length, dto.url);
    const id = await this.resources.transaction(async (manager) => {
      const created = await this.resources.insert(
        { ...this.fields(dto), networkId, summaryHtml: renderMarkdown(dto.summary) },
        viewer.user.id,
        manager,
      );
      await this.attach(manager, viewer, created, fileIds);
      return created;
    });
    this.fileText.poke();
    return this.view(viewer, id);
  }

  private fields(dto: CreateResourceDto | UpdateResourceDto) {
    const { title, summary, kind, language, countries, tags, publishedOn, url } = dto;
    return {
      title, summary, kind, language, url,
      countries: countries?.map((c) => c.trim()).filter(Boolean),
      tags: tags ? [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))] : undefined,
      publishedOn,
    };
  }

  async update(viewer: Viewer, id: string, dto: UpdateResourceDto): Promise<ResourceDetail> {
    const row = await this.readable(viewer, id);
    const permissions = await this.policy.permissions(viewer, row, await this.place(row.networkId));
    const { featured, networkId: requestedNetwork, fileIds: requestedFiles, ...rest } = dto;
    const editsContent = Object.values(rest).some((v) => v !== undefined) || requestedNetwork !== undefined || requestedFiles !== undefined;
    if (editsContent && !permissions.edit) throw new ForbiddenException('Only the author and the moderators edit this resource');
    if (featured !== undefined && !permissions.feature) throw new ForbiddenException('Only the network’s moderators feature resources');

    // Moving: the viewer must be allowed to add in the new place; the files follow (their rule asks here).
    const networkId = requestedNetwork === undefined ? row.networkId : requestedNetwork;
    if (networkId !== row.networkId && !(await this.policy.standing(viewer, await this.place(networkId))).add) {
      throw new ForbiddenException(networkId ? 'You may not add resources to that network’s library' : 'Only admins add hub-wide resources');
    }
    const current = await this.files.listByOwner('resource', id);
    const keep = requestedFiles ? new Set(requestedFiles) : new Set(current.map((f) => f.id));
    const added = [...keep].filter((fid) => !current.some((f) => f.id === fid));
    const removed = current.filter((f) => !keep.has(f.id));
    this.checkContent(keep.size, rest.url === undefined ? row.url : rest.url);

    const discarded: StoredFileEntity[] = await this.resources.transaction(async (manager) => {
      await this.resources.update(id, { ...this.fields(rest), networkId: networkId ?? null, summaryHtml: rest.summary !== undefined ? renderMarkdown(rest.summary) : undefined }, manager);
      if (networkId !== row.networkId) await this.resources.setFeatured(id, false, manager);
      if (featured !== undefined) {
        await this.resources.setFeatured(id, featured, manager);
        await this.audit.record({ actorId: viewer.user.id, action: featured ? 'resource.featured' : 'resource.unfeatured', targetType: 'resource', targetId: id, networkId: row.networkId }, manager);
      }
      await this.attach(manager, viewer, id, added);
      for (const file of removed) await this.files.deleteRecord(file, manager);
      if (removed.length) await this.resources.refreshFileText(id, manager);
      return removed;
    });
    for (const file of discarded) await this.files.discardBytes(file);
    if (added.length) this.fileText.poke();
    return this.view(viewer, id);
  }

  async remove(viewer: Viewer, id: string): Promise<void> {
    const row = await this.readable(viewer, id);
    const permissions = await this.policy.permissions(viewer, row, await this.place(row.networkId));
    if (!permissions.delete) throw new ForbiddenException('Only the author and the moderators delete this resource');
    await this.resources.transaction(async (manager) => {
      await this.resources.softDelete(id, viewer.user.id, manager);
      await this.audit.record({ actorId: viewer.user.id, action: 'resource.deleted', targetType: 'resource', targetId: id, networkId: row.networkId, details: { title: row.title } }, manager);
    });
  }

  /** File rule (K2): a resource's files are read by whoever may read the resource, where it is now. */
  async mayReadFile(viewer: Viewer, resourceId: string): Promise<boolean> {
    const row = await this.resources.find(resourceId);
    return row !== null && (await this.policy.mayRead(viewer, row));
  }

  /** K3: a file's text was extracted (or failed); the resource's search text follows. */
  refreshFileText(resourceId: string): Promise<void> {
    return this.resources.refreshFileText(resourceId);
  }

  // ---- collections (K4)

  private async moderated(viewer: Viewer, networkId: string): Promise<void> {
    const standing = await this.policy.standing(viewer, await this.place(networkId));
    if (!standing.read) throw new NotFoundException('No such network');
    if (!standing.moderate) throw new ForbiddenException('Only the network’s moderators curate its collections');
  }

  async collections(viewer: Viewer, networkId: string): Promise<{ items: ResourceCollection[] }> {
    const standing = await this.policy.standing(viewer, await this.place(networkId));
    if (!standing.read) throw new NotFoundException('No such network');
    const collections = await this.resources.collections(networkId);
    const rows = await this.resources.findMany([...new Set(collections.flatMap((c) => c.resourceIds))]);
    const readable = new Map<string, ResourceRow>();
    for (const row of rows) if (await this.policy.mayRead(viewer, row)) readable.set(row.id, row);
    return {
      items: collections.map((c) => ({
        id: c.id, networkId: c.networkId, title: c.title, description: c.description, position: c.position,
        resources: c.resourceIds.flatMap((rid) => (readable.has(rid) ? [toSummary(readable.get(rid)!)] : [])),
      })),
    };
  }

  private async collectionView(viewer: Viewer, networkId: string, id: string): Promise<ResourceCollection> {
    const found = (await this.collections(viewer, networkId)).items.find((c) => c.id === id);
    if (!found) throw new NotFoundException('No such collection');
    return found;
  }

  private async checkItems(ids: string[] | undefined, networkId: string, manager: EntityManager): Promise<string[] | undefined> {
    if (!ids) return undefined;
    const unique = [...new Set(ids)];
    if ((await this.resources.countInNetwork(unique, networkId, manager)) !== unique.length) {
      throw new BadRequestException('resourceIds must be resources of this network');
    }
    return unique;
  }

  async createCollection(viewer: Viewer, networkId: string, dto: CreateCollectionDto): Promise<ResourceCollection> {
    await this.moderated(viewer, networkId);
    const id = await this.resources.transaction(async (manager) => {
      const items = await this.checkItems(dto.resourceIds ?? [], networkId, manager);
      const created = await this.resources.insertCollection({ networkId, title: dto.title, description: dto.description ?? '', createdBy: viewer.user.id }, manager);
      await this.resources.setCollectionItems(created, items ?? [], manager);
      await this.audit.record({ actorId: viewer.user.id, action: 'library.collection-created', targetType: 'collection', targetId: created, networkId }, manager);
      return created;
    });
    return this.collectionView(viewer, networkId, id);
  }

  private async existingCollection(viewer: Viewer, id: string) {
    const collection = await this.resources.collection(id);
    if (!collection) throw new NotFoundException('No such collection');
    await this.moderated(viewer, collection.networkId);
    return collection;
  }

  async updateCollection(viewer: Viewer, id: string, dto: UpdateCollectionDto): Promise<ResourceCollection> {
    const collection = await this.existingCollection(viewer, id);
    await this.resources.transaction(async (manager) => {
      const items = await this.checkItems(dto.resourceIds, collection.networkId, manager);
      await this.resources.updateCollection(id, dto, manager);
      if (items) await this.resources.setCollectionItems(id, items, manager);
    });
    return this.collectionView(viewer, collection.networkId, id);
  }

  async deleteCollection(viewer: Viewer, id: string): Promise<void> {
    const collection = await this.existingCollection(viewer, id);
    await this.resources.transaction(async (manager) => {
      await this.resources.deleteCollection(id, manager);
      await this.audit.record({ actorId: viewer.user.id, action: 'library.collection-deleted', targetType: 'collection', targetId: id, networkId: collection.networkId }, manager);
    });
  }
}
