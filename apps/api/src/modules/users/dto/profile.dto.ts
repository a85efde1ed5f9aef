import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageQueryDto } from './page-query.dto.js';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsISO6391,
  IsString,
  Length,
  MaxLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import {
  INTERFACE_LANGUAGES,
  ORGANISATION_TYPES,
  type DirectoryQuery,
  type InterfaceLanguage,
  type OrganisationType,
  type UpdateProfileRequest,
} from '@praxis/contracts';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const upper = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
/** Validates only when the field is present: absent means "unchanged"; null is refused (not nullable). */
const Present = () => ValidateIf((_, value) => value !== undefined);
/** A query filter left blank (`?country=`) is no filter, as when a search form is sent with empty fields. */
export const OptionalFilter = () => ValidateIf((_, value) => value !== undefined && value !== null && value !== '');
/** Validates only when present and not null: null clears the field. */
const PresentValue = () => ValidateIf((_, value) => value !== undefined && value !== null);

/** Trimmed, without empty entries and without case-insensitive duplicates (first spelling kept). */
function cleanList(lower: boolean) {
  return Transform(({ value }) => {
    if (!Array.isArray(value)) return value;
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const item of value) {
      if (typeof item !== 'string') {
        out.push(item);
        continue;
      }
      const text = lower ? item.trim().toLowerCase() : item.trim().replace(/\s+/g, ' ');
      if (!text || seen.has(text.toLowerCase())) continue;
      seen.add(text.toLowerCase());
      out.push(text);
    }
    return out;
  });
}

/** An IANA time zone name (Europe/Paris, America/Argentina/Buenos_Aires, UTC), as Intl knows them. */
export function isIanaTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  // Offsets such as +01:00 are not zones: they do not follow daylight saving time.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function IsIanaTimeZone() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Europe/Paris` },
      validator: { validate: isIanaTimeZone },
    });
}

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiPropertyOptional()
  @Present()
  @trim()
  @IsString()
  @Length(2, 80)
  displayName?: string;

  @ApiPropertyOptional()
  @Present()
  @trim()
  @IsString()
  @Length(2, 160)
  organisation?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPES })
  @Present()
  @IsIn(ORGANISATION_TYPES, { message: `organisationType must be one of ${ORGANISATION_TYPES.join(', ')}` })
  organisationType?: OrganisationType;

  @ApiPropertyOptional({ example: 'SN', description: 'ISO 3166-1 alpha-2' })
  @Present()
  @upper()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as FR or SN' })
  country?: string;

  @ApiPropertyOptional()
  @Present()
  @trim()
  @IsString()
  @Length(2, 120)
  jobTitle?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @PresentValue()
  @trim()
  @IsString()
  @MaxLength(2000)
  bio?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['fr', 'en'], description: 'ISO 639-1 codes' })
  @Present()
  @cleanList(true)
  @IsArray()
  @ArrayMaxSize(20)
  @IsISO6391({ each: true, message: 'languages must be ISO 639-1 codes such as en, fr or ar' })
  languages?: string[];

  @ApiPropertyOptional({ type: [String], example: ['victim identification'] })
  @Present()
  @cleanList(false)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(2, 60, { each: true, message: 'each area of expertise must be 2 to 60 characters' })
  expertise?: string[];

  @ApiPropertyOptional({ nullable: true, example: 'Europe/Paris' })
  @PresentValue()
  @IsIanaTimeZone()
  timeZone?: string | null;

  @ApiPropertyOptional({ enum: INTERFACE_LANGUAGES })
  @Present()
  @IsIn(INTERFACE_LANGUAGES, { message: `locale must be one of ${INTERFACE_LANGUAGES.join(', ')}` })
  locale?: InterfaceLanguage;
}

export class DirectoryQueryDto extends PageQueryDto implements DirectoryQuery {
  @ApiPropertyOptional({ description: 'Words of a name, organisation, job title or expertise' })
  @OptionalFilter()
  @trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPES })
  @OptionalFilter()
  @IsIn(ORGANISATION_TYPES, { message: `organisationType must be one of ${ORGANISATION_TYPES.join(', ')}` })
  organisationType?: OrganisationType;

  @ApiPropertyOptional({ example: 'SN' })
  @OptionalFilter()
  @upper()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as FR or SN' })
  country?: string;

  @ApiPropertyOptional()
  @OptionalFilter()
  @trim()
  @IsString()
  @MaxLength(60)
  expertise?: string;

  @ApiPropertyOptional({ example: 'fr', description: 'ISO 639-1' })
  @OptionalFilter()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsISO6391({ message: 'language must be an ISO 639-1 code such as en, fr or ar' })
  language?: string;
}
