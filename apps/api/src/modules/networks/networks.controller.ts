import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Category, JoinNetworkResponse, NetworkDetail, NetworkMember, NetworkSummary, Page } from '@praxis/contracts';
import { CurrentViewer, OptionalViewer, Public, type Viewer } from '../auth/auth.decorators.js';
import {
  BanMemberDto,
  CreateCategoryDto,
  CreateNetworkDto,
  InviteMemberDto,
  JoinNetworkDto,
  MemberListQueryDto,
  MuteMemberDto,
  NetworkListQueryDto,
  UpdateMemberDto,
  UpdateNetworkDto,
  WarnMemberDto,
} from './dto/networks.dto.js';
import { CategoriesService } from './categories.service.js';
import { NetworksService } from './networks.service.js';

const Id = () => Param('id', ParseUUIDPipe);
const UserId = () => Param('userId', ParseUUIDPipe);

@ApiTags('networks')
@ApiBearerAuth()
@Controller('networks')
export class NetworksController {
  constructor(
    private readonly networks: NetworksService,
    private readonly categories: CategoriesService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Networks the caller may see: visitors see open and restricted ones; members also their hidden ones' })
  list(@OptionalViewer() viewer: Viewer | null, @Query() query: NetworkListQueryDto): Promise<Page<NetworkSummary>> {
    return this.networks.list(viewer, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a network (admins; members when ALLOW_MEMBER_NETWORKS=true); the creator becomes owner' })
  create(@CurrentViewer() viewer: Viewer, @Body() body: CreateNetworkDto): Promise<NetworkDetail> {
    return this.networks.create(viewer, body);
  }

  @Get(':idOrSlug')
  @ApiOperation({ summary: 'Network home: description, categories, pinned threads, recent activity, member count, permissions' })
  get(@CurrentViewer() viewer: Viewer, @Param('idOrSlug') idOrSlug: string): Promise<NetworkDetail> {
    return this.networks.get(viewer, idOrSlug);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a network (owners)' })
  update(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: UpdateNetworkDto): Promise<NetworkDetail> {
    return this.networks.update(viewer, id, body);
  }

  @Post(':id/join')
  @ApiOperation({ summary: 'Join an open network, accept an invitation, or request to join a restricted one' })
  join(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: JoinNetworkDto): Promise<JoinNetworkResponse> {
    return this.networks.join(viewer, id, body.message);
  }

  @Delete(':id/members/me')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave a network' })
  leave(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<void> {
    return this.networks.leave(viewer, id);
  }

  @Post(':id/invitations')
  @ApiOperation({ summary: 'Invite a member (any member for open networks; moderators otherwise)' })
  invite(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: InviteMemberDto): Promise<NetworkMember> {
    return this.networks.invite(viewer, id, body.userId);
  }

  @Get(':id/join-requests')
  @ApiOperation({ summary: 'Pending requests to join (moderators)' })
  joinRequests(@CurrentViewer() viewer: Viewer, @Id() id: string, @Query() query: MemberListQueryDto): Promise<Page<NetworkMember>> {
    return this.networks.joinRequests(viewer, id, query);
  }

  @Post(':id/join-requests/:userId/approve')
  @ApiOperation({ summary: 'Approve a request to join (moderators)' })
  approve(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string) {
    return this.networks.decide(viewer, id, userId, true);
  }

  @Post(':id/join-requests/:userId/reject')
  @ApiOperation({ summary: 'Reject a request to join (moderators)' })
  reject(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string) {
    return this.networks.decide(viewer, id, userId, false);
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Members by name; moderators may list pending, invited or banned people' })
  members(@CurrentViewer() viewer: Viewer, @Id() id: string, @Query() query: MemberListQueryDto): Promise<Page<NetworkMember>> {
    return this.networks.members(viewer, id, query);
  }

  @Patch(':id/members/:userId')
  @ApiOperation({ summary: 'Change a member’s role (owners appoint moderators and owners)' })
  setRole(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string, @Body() body: UpdateMemberDto): Promise<NetworkMember> {
    return this.networks.setRole(viewer, id, userId, body.role);
  }

  @Delete(':id/members/:userId')
  @ApiOperation({ summary: 'Remove a member (moderators, on lower ranks)' })
  remove(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string) {
    return this.networks.moderate(viewer, id, userId, 'remove');
  }

  @Post(':id/members/:userId/ban')
  @ApiOperation({ summary: 'Ban a person from the network; a ban stops rejoining' })
  ban(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string, @Body() body: BanMemberDto) {
    return this.networks.moderate(viewer, id, userId, 'ban', { reason: body.reason });
  }

  @Delete(':id/members/:userId/ban')
  @ApiOperation({ summary: 'Lift a ban' })
  unban(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string) {
    return this.networks.moderate(viewer, id, userId, 'unban');
  }

  @Post(':id/members/:userId/mute')
  @ApiOperation({ summary: 'Mute a member for some minutes (0 lifts the mute)' })
  mute(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string, @Body() body: MuteMemberDto) {
    return this.networks.moderate(viewer, id, userId, 'mute', { minutes: body.minutes, reason: body.reason });
  }

  @Post(':id/members/:userId/warn')
  @ApiOperation({ summary: 'Warn a member (told in the app, kept in the audit log)' })
  warn(@CurrentViewer() viewer: Viewer, @Id() id: string, @UserId() userId: string, @Body() body: WarnMemberDto) {
    return this.networks.moderate(viewer, id, userId, 'warn', { reason: body.reason });
  }

  @Get(':id/categories')
  @ApiOperation({ summary: 'Forum categories of a network' })
  listCategories(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<Category[]> {
    return this.categories.list(viewer, id);
  }

  @Post(':id/categories')
  @ApiOperation({ summary: 'Add a category (moderators); moderatorsOnly limits new threads to moderators' })
  createCategory(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() body: CreateCategoryDto): Promise<Category> {
    return this.categories.create(viewer, id, body);
  }
}
