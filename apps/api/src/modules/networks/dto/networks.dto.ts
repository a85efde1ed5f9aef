import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  LIBRARY_CONTRIBUTORS,
  type LibraryContributors,
  type Premoderation,
  MEMBERSHIP_STATUSES,
  NETWORK_ROLES,
  NETWORK_VISIBILITIES,
  type BanMemberRequest,
  type CreateNetworkRequest,
  type InviteMemberRequest,
  type JoinNetworkRequest,
  type MemberListQuery,
  type MembershipStatus,
  type MuteMemberRequest,
  type NetworkListQuery,
  type NetworkRole,
  type NetworkVisibility,
  type UpdateMemberRequest,
  type WarnMemberRequest,
} from '@praxis/contracts';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const tagList = () =>
  Transform(({ value }) => (Array.isArray(value) ? [...new Set(value.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)).filter(Boolean))] : value));
const bool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class PageDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class NetworkListQueryDto extends PageDto implements NetworkListQuery {
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional() @IsOptional() @bool() @IsBoolean() mine?: boolean;
}

export class CreateNetworkDto implements CreateNetworkRequest {
  @ApiProperty() @trim() @IsString() @Length(3, 120) name: string;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @Length(2, 60) @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters, digits and dashes' }) slug?: string;
  @ApiProperty() @IsString() @MaxLength(20000) description: string;
  @ApiProperty({ enum: NETWORK_VISIBILITIES }) @IsIn(NETWORK_VISIBILITIES) visibility: NetworkVisibility;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @tagList() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @Length(1, 40, { each: true }) tags?: string[];
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(300) summary?: string;
  /** K1: who may add to the network's library. */
  @ApiPropertyOptional({ enum: LIBRARY_CONTRIBUTORS }) @IsOptional() @IsIn(LIBRARY_CONTRIBUTORS) libraryContributors?: LibraryContributors;
}

/** M2: hold the first `posts` posts of members who joined less than `days` ago; 0 posts: off. */
export class PremoderationDto implements Premoderation {
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsInt() @Min(0) @Max(100) posts: number;
  @ApiProperty({ minimum: 1, maximum: 365 }) @IsInt() @Min(1) @Max(365) days: number;
}

export class UpdateNetworkDto implements Partial<CreateNetworkRequest> {
  @ApiPropertyOptional({ type: PremoderationDto }) @IsOptional() @ValidateNested() @Type(() => PremoderationDto) premoderation?: PremoderationDto;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @Length(3, 120) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) description?: string;
  @ApiPropertyOptional({ enum: NETWORK_VISIBILITIES }) @IsOptional() @IsIn(NETWORK_VISIBILITIES) visibility?: NetworkVisibility;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @tagList() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @Length(1, 40, { each: true }) tags?: string[];
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(300) summary?: string;
  /** K1: who may add to the network's library. */
  @ApiPropertyOptional({ enum: LIBRARY_CONTRIBUTORS }) @IsOptional() @IsIn(LIBRARY_CONTRIBUTORS) libraryContributors?: LibraryContributors;
}

export class JoinNetworkDto implements JoinNetworkRequest {
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(1000) message?: string;
}

export class InviteMemberDto implements InviteMemberRequest {
  @ApiProperty() @IsUUID() userId: string;
}

export class UpdateMemberDto implements UpdateMemberRequest {
  @ApiProperty({ enum: NETWORK_ROLES }) @IsIn(NETWORK_ROLES) role: NetworkRole;
}

export class BanMemberDto implements BanMemberRequest {
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(1000) reason?: string;
}

export class MuteMemberDto implements MuteMemberRequest {
  @ApiProperty({ minimum: 0, maximum: 525600 }) @Type(() => Number) @IsInt() @Min(0) @Max(525600) minutes: number;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(1000) reason?: string;
}

export class WarnMemberDto implements WarnMemberRequest {
  @ApiProperty() @trim() @IsString() @Length(3, 1000) reason: string;
}

export class MemberListQueryDto extends PageDto implements MemberListQuery {
  @ApiPropertyOptional({ enum: MEMBERSHIP_STATUSES }) @IsOptional() @IsIn(MEMBERSHIP_STATUSES) status?: MembershipStatus;
  @ApiPropertyOptional({ description: 'Words to find in the display name, handle or organisation (case and accents ignored)' })
  @IsOptional() @trim() @IsString() @MaxLength(100) q?: string;
}

export class CreateCategoryDto {
  @ApiProperty() @trim() @IsString() @Length(2, 80) name: string;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @Length(2, 60) @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters, digits and dashes' }) slug?: string;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() moderatorsOnly?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}
