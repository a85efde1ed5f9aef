import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf,
} from 'class-validator';
import {
  RESOURCE_KINDS, type CreateCollectionRequest, type CreateResourceRequest, type ResourceKind, type ResourceListQuery, type UpdateCollectionRequest,
  type UpdateResourceRequest,
} from '@praxis/contracts';

const URL_OPTIONS = { protocols: ['https', 'http'], require_protocol: true };
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

class ResourceFieldsDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 60, { each: true }) countries?: string[];
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(DATE, { message: 'publishedOn must be a date (YYYY-MM-DD)' }) publishedOn?: string | null;
  /** Uploads (POST /files) of the caller; on update, the whole set of files the resource keeps. */
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) fileIds?: string[];
  @ApiPropertyOptional({ type: String, format: 'uri', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUrl(URL_OPTIONS) @MaxLength(2000) url?: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('all') networkId?: string | null;
}

export class CreateResourceDto extends ResourceFieldsDto implements CreateResourceRequest {
  @ApiProperty({ type: String }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ type: String }) @IsString() @MaxLength(20000) summary: string;
  @ApiProperty({ enum: RESOURCE_KINDS }) @IsIn(RESOURCE_KINDS) kind: ResourceKind;
  @ApiProperty({ type: String }) @Matches(LANGUAGE, { message: 'language must be a language code such as en, fr or es' }) language: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) tags: string[];
}

export class UpdateResourceDto extends ResourceFieldsDto implements UpdateResourceRequest {
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(20000) summary?: string;
  @ApiPropertyOptional({ enum: RESOURCE_KINDS }) @IsOptional() @IsIn(RESOURCE_KINDS) kind?: ResourceKind;
  @ApiPropertyOptional({ type: String }) @IsOptional() @Matches(LANGUAGE, { message: 'language must be a language code such as en, fr or es' }) language?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) tags?: string[];
  /** K4: shown on the network home (the network's moderators). */
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @IsBoolean() featured?: boolean;
}

export class ResourceListQueryDto implements ResourceListQuery {
  @ApiPropertyOptional({ enum: RESOURCE_KINDS }) @IsOptional() @IsIn(RESOURCE_KINDS) kind?: ResourceKind;
  @ApiPropertyOptional({ type: String }) @IsOptional() @Matches(LANGUAGE, { message: 'language must be a language code' }) language?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 60) country?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 40) tag?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsOptional() @ValidateIf((_, v) => v !== 'hub') @IsUUID('all', { message: 'networkId must be a network id or "hub"' }) networkId?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @IsOptional() @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' }) from?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @IsOptional() @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' }) to?: string;
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() featured?: boolean;
  @ApiPropertyOptional({ enum: ['newest', 'title'] }) @IsOptional() @IsIn(['newest', 'title']) order?: 'newest' | 'title';
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ type: Number }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class CreateCollectionDto implements CreateCollectionRequest {
  @ApiProperty({ type: String }) @IsString() @Length(1, 200) title: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true }) resourceIds?: string[];
}

export class UpdateCollectionDto implements UpdateCollectionRequest {
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true }) resourceIds?: string[];
  @ApiPropertyOptional({ type: Number }) @IsOptional() @IsInt() @Min(0) @Max(10000) position?: number;
}
