import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SEARCH_TYPES, type SearchOrder, type SearchQuery, type SearchType } from '@praxis/contracts';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class SearchQueryDto implements SearchQuery {
  @IsString() @Length(1, 200) q: string;
  @IsOptional() @IsIn(SEARCH_TYPES) type?: SearchType;
  @IsOptional() @IsUUID('all') networkId?: string;
  @IsOptional() @IsString() @Length(1, 40) tag?: string;
  @IsOptional() @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { message: 'language must be a language code' }) language?: string;
  @IsOptional() @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' }) from?: string;
  @IsOptional() @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' }) to?: string;
  @IsOptional() @IsIn(['relevance', 'recent']) order?: SearchOrder;
  @IsOptional() @IsString() @MaxLength(400) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class SuggestQueryDto {
  @IsString() @Length(1, 100) q: string;
}
