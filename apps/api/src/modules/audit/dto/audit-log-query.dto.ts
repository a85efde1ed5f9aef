import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { AuditLogQuery } from '@praxis/contracts';
import { PageQueryDto } from '../../users/dto/page-query.dto.js';

export class AuditLogQueryDto extends PageQueryDto implements AuditLogQuery {
  @ApiPropertyOptional({ description: 'Only the lines of this network (moderators must give it)' })
  @IsOptional()
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId?: string;

  @ApiPropertyOptional({ example: 'user.suspended' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  targetId?: string;
}
