import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SEARCH_TYPES, type SearchOrder, type SearchQuery, type SearchType } from '@praxis/contracts';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class SearchQueryDto implements SearchQuery {
  @ApiProperty({ type: String }) @IsString() @Length(1, 200) q: string;
  @ApiPropertyOptional({ enum: SEARCH_TYPES }) @IsOptional() @IsIn(SEARCH_TYPES) type?: SearchType;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsOptional() @IsUUID('all') networkId?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 40) tag?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { message: 'language must be a language code' }) language?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @IsOptional() @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' }) from?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @IsOptional() @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' }) to?: string;
  @ApiPropertyOptional({ enum: ['relevance', 'recent'] }) @IsOptional() @IsIn(['relevance', 'recent']) order?: SearchOrder;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(400) cursor?: string;
  @ApiPropertyOptional({ type: Number }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class SuggestQueryDto {
  @ApiProperty({ type: String }) @IsString() @Length(1, 100) q: string;
}
