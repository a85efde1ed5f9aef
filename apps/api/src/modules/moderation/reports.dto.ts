import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import {
  REPORT_ACTIONS, REPORT_REASONS, REPORT_TARGET_TYPES, type CreateReportRequest, type ReportAction, type ReportQueueQuery, type ReportReason,
  type ReportStatus, type ReportTargetType, type ResolveReportRequest,
} from '@praxis/contracts';

export class CreateReportDto implements CreateReportRequest {
  @ApiProperty({ enum: REPORT_TARGET_TYPES }) @IsIn(REPORT_TARGET_TYPES) targetType: ReportTargetType;
  @ApiProperty({ type: String, format: 'uuid' }) @IsUUID('all') targetId: string;
  @ApiProperty({ enum: REPORT_REASONS }) @IsIn(REPORT_REASONS) reason: ReportReason;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ReportQueueQueryDto implements ReportQueueQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved'] }) @IsOptional() @IsIn(['open', 'resolved']) status?: ReportStatus;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ type: Number }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ResolveReportDto implements ResolveReportRequest {
  @ApiProperty({ enum: REPORT_ACTIONS }) @IsIn(REPORT_ACTIONS) action: ReportAction;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ type: Number }) @IsOptional() @IsInt() @Min(1) @Max(525600) minutes?: number;
}
