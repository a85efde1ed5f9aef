import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { OptionalFilter } from '../../users/dto/profile.dto.js';
import { PageQueryDto } from '../../users/dto/page-query.dto.js';
import { USER_STATUSES, type RejectAccessRequest, type UserStatus } from '@praxis/contracts';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class AdminUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name, email or organisation' })
  @OptionalFilter()
  @trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @OptionalFilter()
  @IsIn(USER_STATUSES, { message: `status must be one of ${USER_STATUSES.join(', ')}` })
  status?: UserStatus;
}

export class RejectAccessRequestDto implements RejectAccessRequest {
  @ApiProperty({ description: 'Why; sent to the applicant' })
  @trim()
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class SuspendUserDto {
  @ApiPropertyOptional({ description: 'Why; kept in the audit log' })
  @IsOptional()
  @trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class FocalPointDto {
  @ApiProperty({ description: 'The organisation whose applicants this member may approve' })
  @trim()
  @IsString()
  @Length(2, 160)
  organisation: string;
}
