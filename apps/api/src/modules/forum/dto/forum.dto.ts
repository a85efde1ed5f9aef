import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type { CreatePostRequest, CreateThreadRequest, FollowLevel, FollowRequest, MarkReadRequest, PostListQuery, ThreadListQuery, UpdatePostRequest, UpdateThreadRequest } from '@praxis/contracts';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const tagList = () =>
  Transform(({ value }) => (Array.isArray(value) ? [...new Set(value.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)).filter(Boolean))] : value));
const bool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
const BODY_MAX = 20000;
export const MAX_POST_FILES = 10;
/** F9: uploads (POST /files) of the caller to attach to the post. */
const fileIds = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems: MAX_POST_FILES, description: 'The caller’s own unattached uploads (POST /files)' }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_POST_FILES),
    IsUUID('all', { each: true }),
  );

export class PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ThreadListQueryDto extends PageQueryDto implements ThreadListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() categoryId?: string;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(40) tag?: string;
  @ApiPropertyOptional() @IsOptional() @bool() @IsBoolean() unanswered?: boolean;
  @ApiPropertyOptional() @IsOptional() @bool() @IsBoolean() pinned?: boolean;
}

export class PostListQueryDto extends PageQueryDto implements PostListQuery {
  @ApiPropertyOptional({ description: 'Exactly the posts created after this room seq' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) afterSeq?: number;
  @ApiPropertyOptional({ description: 'The last posts before this room seq' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) beforeSeq?: number;
}

export class RoomEventsQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) afterSeq?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class CreateThreadDto implements CreateThreadRequest {
  @ApiProperty() @trim() @IsString() @Length(3, 200) title: string;
  @ApiProperty() @IsString() @Length(1, BODY_MAX) body: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @tagList() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @Length(1, 40, { each: true }) tags?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() categoryId?: string;
  @ApiPropertyOptional({ description: 'Client-generated UUID: a repeat answers the first thread' }) @IsOptional() @IsUUID() clientId?: string;
  @fileIds() fileIds?: string[];
}

export class UpdateThreadDto implements UpdateThreadRequest {
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @Length(3, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() pinned?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() locked?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() closed?: boolean;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() categoryId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsUUID() networkId?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @tagList() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @Length(1, 40, { each: true }) tags?: string[];
}

export class CreatePostDto implements CreatePostRequest {
  @ApiProperty() @IsString() @Length(1, BODY_MAX) body: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() replyToId?: string;
  @ApiProperty({ description: 'Client-generated UUID: a repeat answers the first post and creates nothing' }) @IsUUID() clientId: string;
  @fileIds() fileIds?: string[];
}

export class UpdatePostDto implements UpdatePostRequest {
  @ApiProperty() @IsString() @Length(1, BODY_MAX) body: string;
}

export class FollowDto implements FollowRequest {
  @ApiProperty({ enum: ['following', 'muted'], nullable: true }) @ValidateIf((_, v) => v !== null) @IsIn(['following', 'muted']) level: FollowLevel | null;
}

export class MarkReadDto implements MarkReadRequest {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) seq: number;
}

/** POST /markdown/preview: what a composer shows under Preview, rendered by the same code as a published post. */
export class MarkdownPreviewDto {
  @ApiProperty() @IsString() @Length(0, BODY_MAX) body: string;
}
