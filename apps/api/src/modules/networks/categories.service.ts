import { Injectable } from '@nestjs/common';
import type { Category } from '@praxis/contracts';
import type { Viewer } from '../auth/auth.decorators.js';
import { AuditLogService } from '../audit/audit.service.js';
import { NetworksRepository } from './networks.repository.js';
import { NetworksService } from './networks.service.js';
import type { CreateCategoryDto } from './dto/networks.dto.js';

/** Forum categories (N6). */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly networksService: NetworksService,
    private readonly networks: NetworksRepository,
    private readonly audit: AuditLogService,
  ) {}

  async list(viewer: Viewer, id: string): Promise<Category[]> {
    const { network } = await this.networksService.readable(viewer, id);
    return this.networks.categories(network.id);
  }

  async create(viewer: Viewer, id: string, input: CreateCategoryDto): Promise<Category> {
    const { network } = await this.networksService.moderated(viewer, id);
    const slug = input.slug ?? (input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'category');
    const categoryId = await this.networks.transaction(async (tx) => {
      const created = await this.networks.insertCategory(
        network.id,
        { name: input.name, slug, description: input.description ?? null, moderatorsOnly: input.moderatorsOnly ?? false, position: input.position ?? 0 },
        tx,
      );
      await this.audit.record({ actorId: viewer.user.id, action: 'network.category-created', targetType: 'category', targetId: created, networkId: network.id }, tx);
      return created;
    });
    return (await this.networks.category(network.id, categoryId))!;
  }
}
