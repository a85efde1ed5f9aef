import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsFQDN, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { AUTO_APPROVE_DOMAINS_MAX, HUB_NAME_MAX_LENGTH, type UpdateHubSettingsRequest } from '@praxis/contracts';

/** Absent means "unchanged"; null is refused, since no setting is nullable. */
const Present = () => ValidateIf((_, value) => value !== undefined);

/** Domains as mail is addressed: trimmed, lowercased, one trailing dot dropped, blanks and repeats removed. */
const domainList = () =>
  Transform(({ value }) => {
    if (!Array.isArray(value)) return value;
    const out: unknown[] = [];
    for (const item of value) {
      if (typeof item !== 'string') {
        out.push(item);
        continue;
      }
      const domain = item.trim().toLowerCase().replace(/\.$/, '');
      if (domain && !out.includes(domain)) out.push(domain);
    }
    return out;
  });

export class UpdateHubSettingsDto implements UpdateHubSettingsRequest {
  @ApiPropertyOptional({ description: 'Shown in the header, page titles and emails', minLength: 1, maxLength: HUB_NAME_MAX_LENGTH })
  @Present()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value))
  @IsString()
  @Length(1, HUB_NAME_MAX_LENGTH, { message: `hubName must be 1 to ${HUB_NAME_MAX_LENGTH} characters` })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'hubName must not contain control characters' })
  hubName?: string;

  @ApiPropertyOptional({ description: 'Closed: POST /auth/register answers 403' })
  @Present()
  @IsBoolean()
  registrationOpen?: boolean;

  @ApiPropertyOptional({ description: 'Whether active members, not only admins, may create networks' })
  @Present()
  @IsBoolean()
  membersMayCreateNetworks?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['police.example', 'ministry.example'],
    description: 'Applicants who confirm an address at one of these domains are approved without review; the whole list is replaced',
  })
  @Present()
  @domainList()
  @IsArray()
  @ArrayMaxSize(AUTO_APPROVE_DOMAINS_MAX)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  @IsFQDN({ require_tld: true, allow_underscores: false, allow_trailing_dot: false, allow_numeric_tld: false }, { each: true, message: 'each of autoApproveDomains must be a domain name such as police.example' })
  autoApproveDomains?: string[];
}
